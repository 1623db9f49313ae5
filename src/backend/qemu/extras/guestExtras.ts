import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { GuestPackName } from '../../../api/vmApi';
import { unpackDeb } from '../archive/debPackage';
import { writeFileAtomic } from '../../workspace/atomicWrite';
import { type CpioEntry, writeCpio } from '../cpioWriter';
import { type GuestImage, type GuestImageFiles, type ImageProgress, recipeModules } from '../guestImage';
import { moduleIndex, moduleLoadOrder } from './kernelModules';
import { filesOnly, libraryClosure } from './packageClosure';
import { GUEST_PACKS, type GuestPack } from './packs';

/** Bumped when what a pack's cpio holds changes, so cached packs are rebuilt. */
const EXTRAS_LAYOUT = 'extras-layout-1';
/** Programs and shared libraries: what a busybox guest needs of a package. */
const KEEP = /^(usr\/)?(s?bin|lib|lib64)\//;
/** Never worth the guest's memory: static libraries, headers, Python, iconv modules. */
const NEVER_KEEP = /\.(a|h|la|pc)$|\/(python3[^/]*|pkgconfig|gconv|perl[^/]*|cmake)\//;

type OnProgress = (p: ImageProgress) => void;

/**
 * Guest extras: packs of Debian software and kernel modules (packs.ts) that only the VMs
 * asking for them get, so the default boot stays as small and fast as it was. Each pack
 * is a cpio archive of its own, built from the same package source as the base image
 * (apt, else the signed archive) with every library its packages' Depends reach, and the
 * modules it names from the very kernel package the base image boots. A VM's initrd is
 * the base initramfs with the packs' archives appended: Linux unpacks them one after the
 * other into the same root. Cached under STRATA_HOME/images/extras.
 */
export class GuestExtras {
  private readonly dir: string;
  private readonly building = new Map<string, Promise<string>>();

  constructor(
    home: string,
    private readonly recipeDir: string,
    private readonly image: GuestImage,
  ) {
    this.dir = path.join(home, 'images', 'extras');
  }

  /** The initrd for a VM with `packs`: the base image's own when none, else the base with each pack appended. */
  async initrd(base: GuestImageFiles, packs: readonly GuestPackName[], onProgress: OnProgress = () => {}): Promise<string> {
    const names = [...new Set(packs)].sort();
    if (!names.length) return base.initrd;
    const parts: string[] = [];
    for (const name of names) parts.push(await this.pack(name, base, onProgress));
    const key = createHash('sha256')
      .update(`${base.initrd}\0${base.builtAt}\0${parts.join('\0')}`)
      .digest('hex')
      .slice(0, 16);
    const file = path.join(this.dir, `initrd-${names.join('+')}-${key}.gz`);
    if (!existsSync(file)) {
      const chunks = await Promise.all([base.initrd, ...parts].map((f) => fs.readFile(f)));
      await writeFileAtomic(file, Buffer.concat(chunks));
    }
    return file;
  }

  /** One pack's archive, built when missing; concurrent callers share one build. */
  async pack(name: GuestPackName, base: GuestImageFiles, onProgress: OnProgress = () => {}): Promise<string> {
    const pack = GUEST_PACKS[name];
    const file = path.join(this.dir, `${name}-${await this.packKey(name, pack, base)}.cpio.gz`);
    if (existsSync(file)) return file;
    let build = this.building.get(file);
    if (!build) {
      build = this.build(name, pack, base, file, onProgress).finally(() => this.building.delete(file));
      this.building.set(file, build);
    }
    return build;
  }

  private async packKey(name: GuestPackName, pack: GuestPack, base: GuestImageFiles): Promise<string> {
    const hash = createHash('sha256').update(
      `${EXTRAS_LAYOUT}\0${name}\0${JSON.stringify(pack, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v))}\0${base.kernelPackage}\0`,
    );
    hash.update((await recipeModules(this.recipeDir)).join(','));
    for (const script of await this.scripts(name)) hash.update(`\0${script.name}\0`).update(script.data);
    if (pack.innerImage) hash.update(`\0${base.kernelRelease}\0${base.builtAt}`);
    return hash.digest('hex').slice(0, 16);
  }

  private async scripts(name: GuestPackName): Promise<Array<{ name: string; data: Buffer }>> {
    const dir = path.join(this.recipeDir, 'packs', name);
    const names = (await fs.readdir(dir).catch(() => [] as string[])).sort();
    return Promise.all(names.map(async (n) => ({ name: n, data: await fs.readFile(path.join(dir, n)) })));
  }

  private async build(name: GuestPackName, pack: GuestPack, base: GuestImageFiles, file: string, onProgress: OnProgress): Promise<string> {
    await fs.mkdir(this.dir, { recursive: true });
    const work = await fs.mkdtemp(path.join(this.dir, 'build-'));
    const label = `Guest extras "${name}"`;
    try {
      const source = await this.image.debSource();
      onProgress({ phase: 'resolve', message: `${label}: resolving ${pack.packages.join(', ')} and the libraries they depend on`, done: 0, total: 4 });
      const packages = [
        ...(await libraryClosure(pack.packages, (names) => source.find(names))),
        ...(await filesOnly(pack.filesOnly ?? [], (names) => source.find(names))),
      ];
      const root = path.join(work, 'root');
      for (const pkg of packages) {
        const message = `${label}: ${pkg.name} ${pkg.version}`;
        const deb = await source.download(pkg, (received, total) => onProgress({ phase: 'download', message, done: 1, total: 4, bytes: { received, total } }));
        await unpackDeb(deb, root);
      }
      const entries = await keptFiles(root, pack.keep ?? []);
      if (pack.innerImage) {
        entries.push({ type: 'file', path: 'usr/share/strata/vmlinuz', data: await fs.readFile(base.kernel) });
        entries.push({ type: 'file', path: 'usr/share/strata/initramfs.gz', data: await fs.readFile(base.initrd) });
      }
      const modules: string[] = [];
      if (pack.modules.length) {
        onProgress({ phase: 'extract', message: `${label}: kernel modules from ${base.kernelPackage}`, done: 2, total: 4 });
        const kernel = (await source.find(new Set([base.kernelPackage]))).get(base.kernelPackage);
        if (!kernel) throw new Error(`${base.kernelPackage}, the kernel the guest image boots, is no longer in the Debian package index: rebuild the image`);
        const kernelRoot = path.join(work, 'kernel');
        await unpackDeb(await source.download(kernel), kernelRoot);
        const index = await moduleIndex(path.join(kernelRoot, 'lib', 'modules', base.kernelRelease));
        for (const mod of await moduleLoadOrder(index, pack.modules, new Set(await recipeModules(this.recipeDir)))) {
          entries.push({ type: 'file', path: `lib/modules/${mod.name}.ko`, data: await fs.readFile(mod.file) });
          modules.push(mod.name);
        }
      }
      onProgress({ phase: 'initramfs', message: `${label}: writing its archive`, done: 3, total: 4 });
      entries.push({ type: 'file', path: `etc/strata/packs/${name}.modules`, data: Buffer.from(modules.map((m) => `${m}\n`).join('')) });
      for (const script of await this.scripts(name)) {
        entries.push({ type: 'file', path: script.name === 'start' ? `etc/strata/packs/${name}.start` : `bin/${script.name}`, data: script.data, mode: 0o755 });
      }
      await writeFileAtomic(file, gzipSync(writeCpio(withParents(entries)), { level: 6 }));
      onProgress({ phase: 'ready', message: `${label} ready: ${packages.map((p) => p.name).join(', ')}`, done: 4, total: 4 });
      return file;
    } catch (err) {
      onProgress({ phase: 'failed', message: `${label} could not be built: ${(err as Error).message}`, done: 0, total: 4 });
      throw err;
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }
}

/** The unpacked packages' programs and shared libraries (and what `keep` adds), as cpio entries. */
async function keptFiles(root: string, keep: readonly RegExp[]): Promise<CpioEntry[]> {
  const entries: CpioEntry[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await fs.readdir(path.join(root, dir), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(rel);
        continue;
      }
      if (!(KEEP.test(rel) || keep.some((k) => k.test(rel))) || NEVER_KEEP.test(rel)) continue;
      const full = path.join(root, rel);
      if (entry.isSymbolicLink()) entries.push({ type: 'symlink', path: rel, target: await fs.readlink(full) });
      else if (entry.isFile()) entries.push({ type: 'file', path: rel, data: await fs.readFile(full), mode: (await fs.stat(full)).mode & 0o777 });
    }
  };
  await walk('');
  return entries;
}

/** Linux creates no missing folder while it unpacks: each entry's parents come first. */
function withParents(entries: readonly CpioEntry[]): CpioEntry[] {
  const dirs = new Set<string>();
  for (const entry of entries) {
    const parts = entry.path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return [...[...dirs].sort().map((d): CpioEntry => ({ type: 'dir', path: d })), ...entries];
}
