import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Booted-state templates: Strata's guest saved at its shell prompt, once per image,
 * memory size and CPU, so later VMs start from it in a fraction of a boot. A template
 * is a folder under STRATA_HOME/cache/templates named by its key: `ram` (the guest's RAM
 * as a file, mapped privately by every VM started from it, so they share its pages
 * until they write them) and `state` (CPU and device state, QEMU's migration stream
 * without RAM). A template is written in a folder of its own, then renamed into place
 * whole, and never written after: VMs map its RAM while they run.
 */

/**
 * Bumped whenever the QEMU command line of Strata's guest changes (a template's devices
 * must match) or what a template holds does (2: saved at the idle prompt, not at "ready").
 */
export const TEMPLATE_LAYOUT = 2;

/** A file a template depends on, by identity (a rebuilt image gets new files). */
export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

/** Everything a template's saved state depends on. */
export interface TemplateInputs {
  kernel: FileStamp;
  initrd: FileStamp;
  /** The QEMU binary: another version may not read this one's stream. */
  qemu: FileStamp;
  memoryMiB: number;
  cpus: number;
  accel: string;
  /** The `-cpu` argument, virtualization extensions hidden or not. */
  cpu: string;
  /** The terminal's device: a state saved with one does not load into QEMU with the other. */
  console: 'serial' | 'virtio';
  /** The kernel's command line, without the identity arguments set again after a restore. */
  kernelArgs: string;
}

/** A template build given up on purpose (its VM was stopped before it was saved): not a failure to report. */
export class TemplateAbandoned extends Error {}

export interface TemplateFiles {
  key: string;
  ram: string;
  state: string;
}

interface TemplateMeta {
  key: string;
  inputs: TemplateInputs;
  createdAt: number;
}

/** The template's name: a hash of all it depends on. */
export function templateKey(inputs: TemplateInputs): string {
  return createHash('sha256')
    .update(JSON.stringify({ layout: TEMPLATE_LAYOUT, ...inputs }))
    .digest('hex')
    .slice(0, 20);
}

export async function stampOf(file: string): Promise<FileStamp> {
  const st = await fs.stat(file);
  return { path: file, size: st.size, mtimeMs: st.mtimeMs };
}

/** Whether the file is still the one stamped (same size and mtime). */
async function unchanged(stamp: FileStamp): Promise<boolean> {
  const now = await stampOf(stamp.path).catch(() => undefined);
  return now?.size === stamp.size && now.mtimeMs === stamp.mtimeMs;
}

/**
 * The templates under `root`, and the builds under way (one per key): a VM that wants a
 * template being made waits for it instead of booting cold beside it.
 */
export class TemplateStore {
  private readonly building = new Map<string, Promise<TemplateFiles | undefined>>();

  constructor(readonly root: string) {}

  /** The ready template for `inputs`, if there is one. */
  async find(inputs: TemplateInputs): Promise<TemplateFiles | undefined> {
    const key = templateKey(inputs);
    const files = this.filesOf(key);
    try {
      const meta = JSON.parse(await fs.readFile(path.join(this.root, key, 'meta.json'), 'utf8')) as TemplateMeta;
      if (meta.key !== key) return undefined;
      await Promise.all([fs.access(files.ram), fs.access(files.state)]);
      return files;
    } catch {
      return undefined;
    }
  }

  /** The build of this template under way, if any. */
  pending(inputs: TemplateInputs): Promise<TemplateFiles | undefined> | undefined {
    return this.building.get(templateKey(inputs));
  }

  /**
   * Makes the template for `inputs`: `write(dir)` fills a fresh folder with `ram` and
   * `state`, which is then renamed into place. Stale templates are removed then. Resolves undefined when the build fails: VMs then boot cold
   * (logged, unless `write` gave up with TemplateAbandoned).
   */
  build(
    inputs: TemplateInputs,
    write: (files: { dir: string; ram: string; state: string }) => Promise<void>,
    log: (line: string) => void,
  ): Promise<TemplateFiles | undefined> {
    const key = templateKey(inputs);
    const existing = this.building.get(key);
    if (existing) return existing;
    const build = (async () => {
      await fs.mkdir(this.root, { recursive: true });
      const dir = path.join(this.root, `.new-${key}-${randomBytes(4).toString('hex')}`);
      await fs.mkdir(dir);
      try {
        await write({ dir, ram: path.join(dir, 'ram'), state: path.join(dir, 'state') });
        const meta: TemplateMeta = { key, inputs, createdAt: Date.now() };
        await fs.writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta, null, 2));
        // A template already there (another Strata made it) is in use: keep it.
        await fs.rename(dir, path.join(this.root, key)).catch(() => fs.rm(dir, { recursive: true, force: true }));
        await this.removeStale();
        return this.filesOf(key);
      } catch (err) {
        await fs.rm(dir, { recursive: true, force: true });
        if (!(err instanceof TemplateAbandoned)) log(`strata: no template for this guest (${(err as Error).message}); VMs boot from the kernel`);
        return undefined;
      }
    })().finally(() => this.building.delete(key));
    this.building.set(key, build);
    return build;
  }

  /** Removes a template QEMU could not load, so that the next VM makes it again. */
  async discard(files: TemplateFiles): Promise<void> {
    await fs.rm(path.join(this.root, files.key), { recursive: true, force: true });
  }

  /**
   * Removes the templates whose kernel or initrd changed or went since they were made
   * (a rebuilt image), and folders of builds that never ended. A VM still running from
   * a removed template keeps its RAM file open: unlinking it does not change its memory.
   */
  private async removeStale(): Promise<void> {
    for (const name of await fs.readdir(this.root)) {
      const dir = path.join(this.root, name);
      if (name.startsWith('.new-')) {
        const st = await fs.stat(dir).catch(() => undefined);
        if (st && Date.now() - st.mtimeMs > 3_600_000) await fs.rm(dir, { recursive: true, force: true });
        continue;
      }
      const meta = await fs.readFile(path.join(dir, 'meta.json'), 'utf8').then(
        (t) => JSON.parse(t) as TemplateMeta,
        () => undefined,
      );
      if (!meta || !(await unchanged(meta.inputs.kernel)) || !(await unchanged(meta.inputs.initrd))) await fs.rm(dir, { recursive: true, force: true });
    }
  }

  private filesOf(key: string): TemplateFiles {
    return { key, ram: path.join(this.root, key, 'ram'), state: path.join(this.root, key, 'state') };
  }
}

/**
 * The one command, run over the checker's channel (ttyS1) right after a restore, that
 * makes a guest restored from a template itself: the template froze the kernel command
 * line (hostname, address) and the NIC's MAC of the VM it was made from. The link goes
 * down while its MAC changes, so its IPv6 link-local address follows the new MAC; the
 * clock is set (the guest's clock resumed at the moment the template was saved); bytes
 * from the host's random source are mixed into the guest's pool, so clones do not draw
 * the same random numbers (Linux 6.1 folds them in at its next reseed, within seconds
 * at this uptime; Debian's cloud kernel has no vmgenid driver to reseed at once).
 *
 * As few processes as it can: under TCG a fork costs a guest 10 to 30 ms of the host's
 * CPU, and a cluster's guests all take their identity at once. The hostname and the seed
 * are shell builtins writing to the kernel; one `ifconfig` takes the link down, sets the
 * MAC and the address and brings it up, in that order; `date` is the one other process.
 */
export function identityCommand(identity: { hostname: string; mac: string; ip: string; nowMs: number; seed: Buffer }): string {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(identity.hostname)) throw new Error(`bad hostname ${identity.hostname}`);
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(identity.mac)) throw new Error(`bad MAC ${identity.mac}`);
  const address = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(identity.ip);
  if (!address || Number(address[2]) > 32) throw new Error(`bad address ${identity.ip}`);
  return [
    'set -e',
    `echo ${identity.hostname} > /proc/sys/kernel/hostname`,
    `ifconfig eth0 down hw ether ${identity.mac} ${address[1]} netmask ${netmask(Number(address[2]))} up`,
    `date -s @${Math.round(identity.nowMs / 1000)} >/dev/null`,
    `printf '${[...identity.seed].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('')}' > /dev/urandom`,
  ].join('\n');
}

/** A prefix length as a dotted netmask, as ifconfig takes it. */
function netmask(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (bits >>> shift) & 0xff).join('.');
}
