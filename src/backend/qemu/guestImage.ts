import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { archiveSettings } from './archive/archiveSettings';
import { type ArchiveSettings, DebianArchive } from './archive/debianArchive';
import { unpackDeb } from './archive/debPackage';
import { aptDownload, aptSource, archiveSource, type DebSource } from './archive/debSource';
import { type CpioEntry, writeCpio } from './cpioWriter';
import { lookupModule, moduleIndex } from './extras/kernelModules';
import { describeMissing, hasTool, INSTALL_COMMAND, type MissingTool, missingTools } from './hostTools';
import { qemuTool } from './qemuLocations';

const run = promisify(execFile);

/** Bumped when the layout this file writes changes, so cached images are rebuilt. */
const LAYOUT_VERSION = 'initramfs-layout-2';
/** Files of assets/guest that make up the recipe (all hashed). */
const RECIPE_FILES = ['init', 'modules', 'profile', 'cpubench', 'power-button', 'exec-channel', 'console/strata-console'] as const;

export type ImagePhase = 'resolve' | 'download' | 'extract' | 'initramfs' | 'ready' | 'failed';
export interface ImageProgress {
  phase: ImagePhase;
  message: string;
  done: number;
  total: number;
  /** While a file downloads: bytes so far and in all. */
  bytes?: { received: number; total: number };
}

type Step = (phase: ImagePhase, message: string, done: number, bytes?: { received: number; total: number }) => void;

/** What the build needs from the packages, however they were fetched. */
interface UnpackedPackages {
  kernelPackage: string;
  /** The kernel package's files, as `dpkg -x` lays them out. */
  kernelRoot: string;
  busyboxPath: string;
}

export interface GuestImageOptions {
  /** `apt` where apt-get and dpkg exist (the default), else the archive over HTTP; `archive` forces the latter. */
  source?: 'auto' | 'archive';
  /** The Debian archive to fetch from; by default the host's apt sources or Debian's public mirror. */
  archive?: ArchiveSettings;
  /** Debian's archive keys (default: assets/debian-keys beside the recipe). */
  keyDir?: string;
}

/** The built guest: what QEMU boots. */
export interface GuestImageFiles {
  kernel: string;
  initrd: string;
  /** An empty qcow2 that VM overlays stand on; never written after creation. */
  base: string;
  kernelPackage: string;
  kernelRelease: string;
  builtAt: number;
}

interface Manifest extends GuestImageFiles {
  recipeHash: string;
}

export class ImageUnavailableError extends Error {
  constructor(readonly missing: MissingTool[]) {
    super(describeMissing(missing));
    this.name = 'ImageUnavailableError';
  }
}

/**
 * Strata's guest image, built on first use from Debian packages without installing
 * anything on the host: the cloud kernel and static busybox (with apt where the host has
 * it, else fetched and verified over HTTP: docs/qemu.md), and an initramfs written by our
 * own cpio writer. Both paths take the same package versions, so the initramfs is the
 * same byte for byte. Cached under STRATA_HOME/images with a manifest; rebuilt when the
 * recipe (assets/guest) changes.
 */
export class GuestImage {
  private readonly dir: string;
  private readonly downloads: string;
  private readonly keyDir: string;
  private building: Promise<GuestImageFiles> | undefined;

  constructor(
    home: string,
    private readonly recipeDir: string,
    private readonly options: GuestImageOptions = {},
  ) {
    this.dir = path.join(home, 'images', 'guest');
    this.downloads = path.join(home, 'images', 'downloads');
    this.keyDir = options.keyDir ?? path.join(path.dirname(recipeDir), 'debian-keys');
  }

  get isBuilding(): boolean {
    return this.building !== undefined;
  }

  /** The cached image when it is current, else undefined. */
  async current(): Promise<GuestImageFiles | undefined> {
    const manifest = await this.readManifest();
    if (!manifest || manifest.recipeHash !== (await this.recipeHash())) return undefined;
    if (![manifest.kernel, manifest.initrd, manifest.base].every((f) => existsSync(f))) return undefined;
    return manifest;
  }

  /** The current image, built first when missing or stale. Concurrent callers share one build. */
  async ensure(onProgress: (p: ImageProgress) => void = () => {}, force = false): Promise<GuestImageFiles> {
    if (!force) {
      const ready = await this.current();
      if (ready) return ready;
    }
    this.building ??= this.build(onProgress).finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  async recipeHash(): Promise<string> {
    const hash = createHash('sha256').update(LAYOUT_VERSION);
    for (const name of RECIPE_FILES) {
      hash.update(`\0${name}\0`).update(await fs.readFile(path.join(this.recipeDir, name)));
    }
    return hash.digest('hex').slice(0, 16);
  }

  private async readManifest(): Promise<Manifest | undefined> {
    try {
      return JSON.parse(await fs.readFile(path.join(this.dir, 'manifest.json'), 'utf8')) as Manifest;
    } catch {
      return undefined;
    }
  }

  private async build(onProgress: (p: ImageProgress) => void): Promise<GuestImageFiles> {
    const total = 5;
    const step: Step = (phase, message, done, bytes) => {
      // The last word of a build ends it: whoever asks for the image's status on hearing it
      // must no longer be told `building`.
      if (phase === 'ready' || phase === 'failed') this.building = undefined;
      onProgress({ phase, message, done, total, ...(bytes && { bytes }) });
    };
    try {
      const missing = await missingTools();
      if (missing.length) throw new ImageUnavailableError(missing);
      const recipeHash = await this.recipeHash();

      const work = await fs.mkdtemp(path.join(await this.buildRoot(), 'build-'));
      try {
        const { kernelPackage, kernelRoot, busyboxPath } = (await this.useApt())
          ? await this.unpackWithApt(work, step)
          : await this.unpackFromArchive(work, step);
        const kernelRelease = (await fs.readdir(path.join(kernelRoot, 'lib', 'modules')))[0];
        if (!kernelRelease) throw new Error(`${kernelPackage} holds no kernel modules`);
        const vmlinuz = path.join(kernelRoot, 'boot', `vmlinuz-${kernelRelease}`);

        step('initramfs', 'Writing the initramfs (busybox, init, virtio-net modules)', 3);
        const modules = await recipeModules(this.recipeDir);
        const index = await moduleIndex(path.join(kernelRoot, 'lib', 'modules', kernelRelease));
        const moduleFiles = modules.map((name) => lookupModule(index, name));
        const initrd = gzipSync(await this.initramfs(busyboxPath, moduleFiles), { level: 6 });

        const out = path.join(work, 'out');
        await fs.mkdir(out);
        await fs.copyFile(vmlinuz, path.join(out, 'vmlinuz'));
        await fs.writeFile(path.join(out, 'initramfs.gz'), initrd);
        await run(qemuTool('qemu-img'), ['create', '-q', '-f', 'qcow2', path.join(out, 'base.qcow2'), '64M']);
        const files: Manifest = {
          kernel: path.join(this.dir, 'vmlinuz'),
          initrd: path.join(this.dir, 'initramfs.gz'),
          base: path.join(this.dir, 'base.qcow2'),
          kernelPackage,
          kernelRelease,
          builtAt: Date.now(),
          recipeHash,
        };
        await fs.writeFile(path.join(out, 'manifest.json'), JSON.stringify(files, null, 2) + '\n');
        // Swap the folder in whole, so a reader never sees half an image.
        await fs.rm(this.dir, { recursive: true, force: true });
        await fs.rename(out, this.dir);
        step('ready', `Guest image ready (${kernelRelease})`, 5);
        return files;
      } finally {
        await fs.rm(work, { recursive: true, force: true });
      }
    } catch (err) {
      step('failed', (err as Error).message, 0);
      throw err;
    }
  }

  private async buildRoot(): Promise<string> {
    await fs.mkdir(path.dirname(this.dir), { recursive: true });
    return path.dirname(this.dir);
  }

  /** Where further packages come from (guest extras): the same source this image is built from. */
  async debSource(): Promise<DebSource> {
    if (await this.useApt()) return aptSource(this.downloads);
    return archiveSource(new DebianArchive(this.options.archive ?? (await archiveSettings()), this.keyDir, this.downloads));
  }

  /** apt is the fast path where it exists (its cache and proxy settings apply), unless the archive path is asked for. */
  private async useApt(): Promise<boolean> {
    if (this.options.source === 'archive') return false;
    return (await Promise.all(['apt-get', 'apt-cache', 'dpkg'].map(hasTool))).every(Boolean);
  }

  private async unpackWithApt(work: string, step: Step): Promise<UnpackedPackages> {
    step('resolve', 'Finding the Debian cloud kernel package', 0);
    const kernelPackage = await resolveKernelPackage();
    step('download', `Downloading ${kernelPackage} and busybox-static`, 1);
    await fs.mkdir(this.downloads, { recursive: true });
    const kernelDeb = await aptDownload(kernelPackage, this.downloads);
    const busyboxPath = await this.aptBusybox();
    step('extract', `Unpacking ${path.basename(kernelDeb)}`, 2);
    const kernelRoot = path.join(work, 'deb');
    await run('dpkg', ['-x', kernelDeb, kernelRoot]);
    return { kernelPackage, kernelRoot, busyboxPath };
  }

  /** No apt (macOS, Fedora, Windows hosts): the same packages from the archive over HTTP, checked and unpacked in JavaScript. */
  private async unpackFromArchive(work: string, step: Step): Promise<UnpackedPackages> {
    const archive = new DebianArchive(this.options.archive ?? (await archiveSettings()), this.keyDir, this.downloads);
    step('resolve', 'Reading the signed Debian package indexes', 0);
    const packages = await archive.resolve(['linux-image-cloud-amd64', 'busybox-static'], (p) =>
      step('resolve', p.message, 0, p.total ? { received: p.received, total: p.total } : undefined),
    );
    const kernel = packages.get('linux-image-cloud-amd64')!;
    const busybox = packages.get('busybox-static')!;
    const debs: string[] = [];
    for (const pkg of [kernel, busybox]) {
      const message = `Downloading ${pkg.name} ${pkg.version}`;
      debs.push(await archive.download(pkg, (p) => step('download', message, 1, { received: p.received, total: p.total })));
    }
    step('extract', `Unpacking ${path.basename(debs[0]!)}`, 2);
    const kernelRoot = path.join(work, 'deb');
    const busyboxRoot = path.join(work, 'busybox');
    await unpackDeb(debs[0]!, kernelRoot);
    await unpackDeb(debs[1]!, busyboxRoot);
    return { kernelPackage: kernel.name, kernelRoot, busyboxPath: path.join(busyboxRoot, 'bin', 'busybox') };
  }

  /** A static busybox: the host's busybox-static when installed, else its .deb unpacked. */
  private async aptBusybox(): Promise<string> {
    try {
      const { stdout } = await run('dpkg-query', ['-W', '-f=${Status}', 'busybox-static']);
      if (stdout.includes('install ok installed') && existsSync('/bin/busybox')) return '/bin/busybox';
    } catch {
      // Not installed: fetch the package instead.
    }
    try {
      const deb = await aptDownload('busybox-static', this.downloads);
      const root = path.join(this.downloads, 'busybox-static');
      await run('dpkg', ['-x', deb, root]);
      return path.join(root, 'bin', 'busybox');
    } catch {
      throw new ImageUnavailableError([{ tool: 'busybox (static)', install: INSTALL_COMMAND }]);
    }
  }

  private async initramfs(busybox: string, modules: Array<{ name: string; file: string }>): Promise<Uint8Array> {
    const read = (name: string): Promise<Buffer> => fs.readFile(path.join(this.recipeDir, name));
    const entries: CpioEntry[] = [];
    for (const dir of [
      'bin',
      'sbin',
      'usr',
      'usr/bin',
      'usr/sbin',
      'etc',
      'etc/strata',
      'etc/acpi',
      'etc/acpi/PWRF',
      'proc',
      'sys',
      'dev',
      'tmp',
      'root',
      'mnt',
      'run',
      'var',
      'lib',
      'lib/modules',
    ]) {
      entries.push({ type: 'dir', path: dir, mode: dir === 'tmp' ? 0o1777 : 0o755 });
    }
    entries.push(
      // The kernel needs a console before devtmpfs is mounted, or init's output is lost.
      { type: 'char', path: 'dev/console', major: 5, minor: 1 },
      { type: 'char', path: 'dev/null', major: 1, minor: 3, mode: 0o666 },
      { type: 'file', path: 'bin/busybox', data: await fs.readFile(busybox), mode: 0o755 },
      { type: 'symlink', path: 'bin/sh', target: 'busybox' },
      { type: 'file', path: 'init', data: await read('init'), mode: 0o755 },
      { type: 'file', path: 'etc/profile', data: await read('profile') },
      { type: 'file', path: 'bin/cpubench', data: await read('cpubench'), mode: 0o755 },
      { type: 'file', path: 'bin/strata-exec', data: await read('exec-channel'), mode: 0o755 },
      { type: 'file', path: 'bin/strata-console', data: await read('console/strata-console'), mode: 0o755 },
      // busybox acpid runs /etc/acpi/PWRF/00000080 for the power button event.
      { type: 'file', path: 'etc/acpi/PWRF/00000080', data: await read('power-button'), mode: 0o755 },
      { type: 'file', path: 'etc/strata/modules', data: Buffer.from(modules.map((m) => m.name).join('\n') + '\n') },
    );
    for (const m of modules) entries.push({ type: 'file', path: `lib/modules/${m.name}.ko`, data: await fs.readFile(m.file) });
    return writeCpio(entries);
  }
}

/** The modules the base image loads at boot, in order (assets/guest/modules). */
export async function recipeModules(recipeDir: string): Promise<string[]> {
  const text = await fs.readFile(path.join(recipeDir, 'modules'), 'utf8');
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** `linux-image-cloud-amd64` is an empty metapackage: the versioned package it depends on. */
export async function resolveKernelPackage(): Promise<string> {
  const { stdout } = await run('apt-cache', ['depends', 'linux-image-cloud-amd64']);
  const match = /Depends:\s*(linux-image-[0-9][^\s]*-cloud-amd64)/.exec(stdout);
  if (!match?.[1]) throw new Error('apt-cache knows no linux-image-*-cloud-amd64 package; run `apt-get update` first');
  return match[1];
}
