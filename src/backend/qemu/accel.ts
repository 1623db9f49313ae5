import { execFile } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { qemuTool } from './qemuLocations';
import { QemuProcess } from './qemuProcess';

const run = promisify(execFile);

export type Accel = 'kvm' | 'hvf' | 'whpx' | 'tcg';
export const ACCELS: readonly Accel[] = ['kvm', 'hvf', 'whpx', 'tcg'];

/** Whether an accelerator runs guests here, and if not, why and what would fix it. */
export interface AccelProbe {
  usable: boolean;
  why?: string;
}

/** A probe that has not answered by then counts as unusable: a hanging accelerator must not hang Strata. */
export const PROBE_TIMEOUT_MS = 20_000;

/** The hardware accelerator each host OS offers; TCG (QEMU's own translator) works everywhere. */
export function acceleratorsFor(platform: NodeJS.Platform): Accel[] {
  if (platform === 'linux') return ['kvm', 'tcg'];
  if (platform === 'darwin') return ['hvf', 'tcg'];
  if (platform === 'win32') return ['whpx', 'tcg'];
  return ['tcg'];
}

/** Hardware accelerators run the guest on the host's own CPU model; TCG emulates one that offers AMD-V. */
export function accelCpu(accel: Accel): string {
  return accel === 'kvm' || accel === 'hvf' ? 'host' : 'qemu64';
}

/** Why an accelerator of another OS is not offered here. */
function otherOs(accel: Accel): string {
  const os = { kvm: 'Linux', hvf: 'macOS', whpx: 'Windows', tcg: '' }[accel];
  return `${accel.toUpperCase()} is ${os}'s accelerator; this host runs ${process.platform}`;
}

/** What a user does when a hardware accelerator is missing or unusable. */
function fixFor(accel: Exclude<Accel, 'tcg'>): string {
  if (accel === 'kvm')
    return 'enable virtualization (VT-x or AMD-V) in the firmware, load kvm_intel or kvm_amd, and join the kvm group (sudo usermod -aG kvm $USER)';
  if (accel === 'hvf')
    return 'QEMU needs the Hypervisor framework (a Mac with VT-x or Apple silicon, and QEMU from Homebrew or MacPorts, which sign it for it)';
  return 'turn on "Windows Hypervisor Platform" in Windows Features and restart';
}

/** Whether this host's kernel offers the accelerator at all, before asking QEMU. */
async function hostOffers(accel: Accel): Promise<AccelProbe> {
  if (accel === 'kvm') {
    if (!existsSync('/dev/kvm')) return { usable: false, why: `there is no /dev/kvm: ${fixFor('kvm')}` };
    try {
      await fs.access('/dev/kvm', constants.R_OK | constants.W_OK);
    } catch {
      return { usable: false, why: 'this user may not open /dev/kvm: sudo usermod -aG kvm $USER, then log in again' };
    }
  }
  if (accel === 'hvf') {
    const { stdout } = await run('sysctl', ['-n', 'kern.hv_support']).catch(() => ({ stdout: '0' }));
    if (stdout.trim() !== '1')
      return { usable: false, why: `macOS reports no Hypervisor framework support (sysctl kern.hv_support is not 1): ${fixFor('hvf')}` };
  }
  return { usable: true };
}

/**
 * Runs QEMU's firmware (SeaBIOS, which every QEMU ships) under the accelerator and waits
 * for its first words on the debug console. No guest image is needed, it takes well
 * under a second where the accelerator works, and an accelerator that hangs or aborts
 * guests (a /dev/kvm under nested virtualization) never prints them.
 */
async function firmwareRuns(accel: Accel, dirs: { runtimeDir: string; pidDir: string }): Promise<AccelProbe> {
  const log = path.join(dirs.runtimeDir, `probe-${accel}.log`);
  const proc = await QemuProcess.spawn(
    [
      '-accel',
      accel,
      '-cpu',
      accelCpu(accel),
      '-machine',
      'pc',
      '-m',
      '32',
      '-nodefaults',
      '-no-user-config',
      '-display',
      'none',
      '-no-reboot',
      '-debugcon',
      `file:${log}`,
      '-global',
      'isa-debugcon.iobase=0x402',
    ],
    dirs.pidDir,
    dirs.runtimeDir,
  );
  try {
    const until = Date.now() + PROBE_TIMEOUT_MS;
    while (Date.now() < until) {
      if ((await fs.readFile(log, 'utf8').catch(() => '')).includes('SeaBIOS')) return { usable: true };
      if (proc.hasExited) {
        const lines = proc.stderr.split('\n').filter(Boolean);
        const said = (lines.find((l) => /error/i.test(l)) ?? lines.at(-1) ?? '').replace(/^qemu-system-x86_64:\s*(error:\s*)?/, '').replace(/\.$/, '');
        const stopped = `QEMU stopped under ${accel.toUpperCase()}${said ? ` (${said})` : ''}`;
        if (accel === 'tcg') return { usable: false, why: stopped };
        return {
          usable: false,
          why: `${stopped}: ${accel === 'kvm' ? 'this host offers KVM but it does not run guests here, as inside a VM without nested virtualization' : fixFor(accel)}`,
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return {
      usable: false,
      why: `a guest under ${accel.toUpperCase()} ran nothing within ${PROBE_TIMEOUT_MS / 1000} s (the accelerator exists but hangs guests, as under nested virtualization)`,
    };
  } finally {
    await proc.kill();
    await fs.rm(log, { force: true });
  }
}

/** Every accelerator QEMU knows, each usable here or not and why. */
export async function probeAccelerators(
  dirs: { runtimeDir: string; pidDir: string },
  platform: NodeJS.Platform = process.platform,
): Promise<Record<Accel, AccelProbe>> {
  const offered = acceleratorsFor(platform);
  const built = await run(qemuTool('qemu-system-x86_64'), ['-accel', 'help']).then(
    ({ stdout }) => new Set(stdout.split('\n').map((l) => l.trim())),
    () => null,
  );
  const result = {} as Record<Accel, AccelProbe>;
  for (const accel of ACCELS) {
    if (!offered.includes(accel)) result[accel] = { usable: false, why: otherOs(accel) };
    else if (!built) result[accel] = { usable: false, why: 'QEMU is not installed' };
    else if (!built.has(accel)) result[accel] = { usable: false, why: `this QEMU was built without ${accel.toUpperCase()}` };
    else {
      const offers = await hostOffers(accel);
      result[accel] = offers.usable ? await firmwareRuns(accel, dirs) : offers;
    }
  }
  return result;
}

interface Remembered {
  key: string;
  accel: Accel;
  probes: Record<Accel, AccelProbe>;
  probedAt: number;
}

/**
 * The first usable accelerator of this OS (hardware, else TCG), probed once and
 * remembered in STRATA_HOME keyed by what it depends on (OS, host kernel, QEMU), so
 * later starts do not wait for probes and the doctor can show the choice.
 */
export async function chooseAccel(options: {
  home: string;
  runtimeDir: string;
  pidDir: string;
  hostKernel: string;
}): Promise<{ accel: Accel; probes: Record<Accel, AccelProbe> }> {
  const file = path.join(options.home, 'qemu', 'accel.json');
  const key = `${process.platform} ${options.hostKernel} ${qemuTool('qemu-system-x86_64')}`;
  try {
    const cached = JSON.parse(await fs.readFile(file, 'utf8')) as Remembered;
    if (cached.key === key && cached.probes) return cached;
  } catch {
    // Not probed yet.
  }
  const probes = await probeAccelerators(options);
  const accel = acceleratorsFor(process.platform).find((a) => probes[a].usable) ?? 'tcg';
  // Nothing usable (QEMU missing or broken) is not worth remembering: the next start asks again.
  if (!probes[accel].usable) return { accel, probes };
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify({ key, accel, probes, probedAt: Date.now() } satisfies Remembered) + '\n');
  return { accel, probes };
}
