import { constants, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { QemuProcess } from './vmProcess';

export type Accel = 'kvm' | 'tcg';

const PROBE_TIMEOUT_MS = 20_000;

/**
 * KVM when it really runs a guest here, else TCG. `/dev/kvm` may exist and still hang
 * guests (nested virtualization), so the probe boots the guest image under KVM and waits
 * for its ready marker with a timeout. The answer is remembered in STRATA_HOME, keyed by
 * what it depends on (the host kernel and the guest kernel).
 */
export async function chooseAccel(options: {
  home: string;
  runtimeDir: string;
  pidDir: string;
  /** The guest to probe with; only asked for when /dev/kvm is usable at all. */
  guest: () => Promise<{ kernel: string; initrd: string }>;
  hostKernel: string;
}): Promise<Accel> {
  try {
    await fs.access('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return 'tcg';
  }
  const { kernel, initrd } = await options.guest();
  const cacheFile = path.join(options.home, 'qemu', 'accel.json');
  const key = `${options.hostKernel} ${kernel}`;
  try {
    const cached = JSON.parse(await fs.readFile(cacheFile, 'utf8')) as { key: string; accel: Accel };
    if (cached.key === key) return cached.accel;
  } catch {
    // Not probed yet.
  }
  const accel: Accel = (await kvmBoots({ ...options, kernel, initrd })) ? 'kvm' : 'tcg';
  await fs.mkdir(path.dirname(cacheFile), { recursive: true });
  await fs.writeFile(cacheFile, JSON.stringify({ key, accel, probedAt: Date.now() }) + '\n');
  return accel;
}

async function kvmBoots(options: { runtimeDir: string; pidDir: string; kernel: string; initrd: string }): Promise<boolean> {
  const log = path.join(options.runtimeDir, 'kvm-probe.log');
  const proc = await QemuProcess.spawn(
    [
      '-accel', 'kvm', '-cpu', 'host', '-m', '128', '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot',
      '-kernel', options.kernel, '-initrd', options.initrd, '-append', 'console=ttyS0 quiet panic=1',
      '-serial', `file:${log}`,
    ],
    options.pidDir,
    options.runtimeDir,
  );
  try {
    const until = Date.now() + PROBE_TIMEOUT_MS;
    while (Date.now() < until && !proc.hasExited) {
      if (existsSync(log) && (await fs.readFile(log, 'utf8')).includes('strata: ready')) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  } finally {
    await proc.kill();
    await fs.rm(log, { force: true });
  }
}
