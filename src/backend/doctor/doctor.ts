import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { z } from 'zod';
import type { DoctorCheck, DoctorReport, DoctorRequest } from '../../api/doctorApi';
import { ACCELS, acceleratorsFor } from '../qemu/accel';
import { installCommand } from '../qemu/hostTools';
import { findTool } from '../qemu/qemuLocations';
import type { VmService } from '../qemu/vmService';

const run = promisify(execFile);

/** Room the guest image and a few VM overlays take in STRATA_HOME. */
const DISK_NEEDED_MIB = 300;
/** What each QEMU process costs beyond its guest's memory. */
const QEMU_OVERHEAD_MIB = 64;

function check(id: string, ok: boolean, detail: string, fix?: string, required = true): DoctorCheck {
  return { id, ok, required, detail, ...(ok || !fix ? {} : { fix }) };
}

/** Memory the host can give without swapping: MemAvailable on Linux, free memory elsewhere. */
async function availableMiB(): Promise<number> {
  const meminfo = await fs.readFile('/proc/meminfo', 'utf8').catch(() => '');
  const kib = /^MemAvailable:\s+(\d+) kB/m.exec(meminfo)?.[1];
  return Math.floor((kib ? Number(kib) * 1024 : os.freemem()) / 2 ** 20);
}

async function qemuCheck(): Promise<DoctorCheck> {
  const qemu = findTool('qemu-system-x86_64');
  const img = findTool('qemu-img');
  if (!qemu || !img) {
    const missing = [!qemu && 'qemu-system-x86_64', !img && 'qemu-img'].filter(Boolean).join(' and ');
    return check('qemu', false, `${missing} not found on the PATH or where installers put it`, installCommand());
  }
  const version = await run(qemu, ['--version']).then(
    ({ stdout }) => stdout.split('\n')[0]?.trim() ?? '',
    (err: Error) => `does not run: ${err.message}`,
  );
  return check('qemu', !version.startsWith('does not run'), `${qemu}: ${version}`, installCommand());
}

/** Nested virtualization: whether a guest can itself run KVM (lesson 11). */
async function nestedCheck(accel: string | undefined): Promise<DoctorCheck> {
  if (accel === 'tcg' || accel === undefined) {
    return check(
      'nested',
      true,
      "guests run under TCG on QEMU's qemu64 CPU, which offers AMD-V (svm): a guest can load kvm_amd and run its own KVM guests",
      undefined,
      false,
    );
  }
  if (accel !== 'kvm')
    return check('nested', false, `nested virtualization under ${accel.toUpperCase()} is not offered by QEMU`, 'run a VM with TCG to try nesting', false);
  for (const module of ['kvm_amd', 'kvm_intel']) {
    const value = await fs.readFile(`/sys/module/${module}/parameters/nested`, 'utf8').catch(() => null);
    if (value !== null) {
      const on = /^[Y1]/.test(value.trim());
      return check(
        'nested',
        on,
        `${module} nested=${value.trim()}`,
        `echo "options ${module} nested=1" | sudo tee /etc/modprobe.d/strata-nested.conf, then reload ${module}`,
        false,
      );
    }
  }
  return check('nested', false, 'no kvm_amd or kvm_intel module is loaded', 'sudo modprobe kvm_amd (or kvm_intel)', false);
}

async function diskCheck(home: string): Promise<DoctorCheck> {
  await fs.mkdir(home, { recursive: true }).catch(() => undefined);
  const stats = await fs.statfs(home).catch(() => null);
  if (!stats) return check('disk', false, `cannot read the free space of ${home}`, 'set STRATA_HOME to a folder you can write');
  const freeMiB = Math.floor((stats.bavail * stats.bsize) / 2 ** 20);
  return check(
    'disk',
    freeMiB >= DISK_NEEDED_MIB,
    `${freeMiB.toLocaleString('en')} MiB free where STRATA_HOME is (${home}); the guest image and VM disks need about ${DISK_NEEDED_MIB} MiB`,
    `free space on that disk, or set STRATA_HOME to a folder on a disk with ${DISK_NEEDED_MIB} MiB free`,
  );
}

async function runtimeCheck(vms: VmService): Promise<DoctorCheck> {
  try {
    const dir = await vms.runtime();
    const mode = (await fs.stat(dir)).mode & 0o777;
    const probe = path.join(dir, 'doctor-probe');
    await fs.writeFile(probe, '');
    await fs.rm(probe);
    const privateDir = (mode & 0o077) === 0;
    return check(
      'runtime',
      privateDir,
      `${dir} is writable, mode ${mode.toString(8)}`,
      `chmod 700 ${dir}: the VMs' sockets must be reachable by this user only`,
    );
  } catch (err) {
    return check('runtime', false, `the runtime folder cannot be made: ${(err as Error).message}`, `make ${os.tmpdir()} writable for this user`);
  }
}

function browserCheck(appRoot: string): DoctorCheck {
  const electron = path.join(appRoot, 'node_modules', 'electron', 'path.txt');
  const browsers = ['chromium', 'chromium-browser', 'google-chrome', 'firefox', 'msedge'].map((b) => findTool(b)).filter(Boolean);
  if (existsSync(electron)) return check('app', true, 'the Electron binary is installed: npm start opens the desktop window', undefined, false);
  return check(
    'app',
    browsers.length > 0,
    browsers.length
      ? `no Electron binary, so npm start serves web mode; a browser to open it: ${browsers[0]}`
      : 'no Electron binary and no browser found on the PATH',
    'npm start still serves web mode: open its address in any browser, or install Electron where the internet is reachable (npx install-electron)',
    false,
  );
}

/**
 * What real VMs need on this host, each with the exact fix on this OS. Required: QEMU,
 * a usable accelerator, memory for the VMs asked, disk for the image, a private runtime
 * folder. Informative: nested virtualization, the app's window or browser.
 */
export async function runDoctor(vms: VmService, options: { home: string; appRoot: string; request: z.output<typeof DoctorRequest> }): Promise<DoctorReport> {
  const { vms: count, memoryMiB } = options.request;
  if (process.platform === 'win32') return windowsReport();
  const checks: DoctorCheck[] = [await qemuCheck()];
  const qemuOk = checks[0]!.ok;
  let accelerators = Object.fromEntries(ACCELS.map((a) => [a, { usable: false, why: 'QEMU is not installed' }])) as DoctorReport['accelerators'];
  let accel: DoctorReport['accel'];
  if (qemuOk) {
    const chosen = await vms.accelerators();
    accelerators = chosen.probes;
    accel = chosen.accel;
    const hardware = acceleratorsFor(process.platform).filter((a) => a !== 'tcg');
    const unusable = hardware.filter((a) => !chosen.probes[a].usable).map((a) => `${a.toUpperCase()} unusable: ${chosen.probes[a].why ?? ''}`);
    const usable = chosen.probes[chosen.accel].usable;
    checks.push(
      check(
        'accelerator',
        usable,
        usable
          ? [`VMs run under ${chosen.accel.toUpperCase()}`, ...unusable].join('. ') +
              (chosen.accel === 'tcg'
                ? '. TCG translates every guest instruction: CPU-bound work runs tens of times slower than under a hardware accelerator'
                : '')
          : `no accelerator runs guests: ${chosen.probes.tcg.why ?? ''}`,
        installCommand(),
      ),
    );
    checks.push(await nestedCheck(accel));
  }
  const image = await vms.imageStatus();
  checks.push(
    check(
      'image',
      image.state !== 'unavailable',
      image.state === 'ready'
        ? `the guest image is built (${image.kernelPackage ?? 'Debian cloud kernel'})`
        : image.state === 'building'
          ? 'the guest image is being built'
          : image.state === 'missing'
            ? 'the guest image is built on the first boot (about 30 MB from the Debian archive)'
            : (image.message ?? 'the guest image cannot be built'),
      image.missing?.[0]?.install ?? installCommand(),
    ),
  );
  const needMiB = count * (memoryMiB + QEMU_OVERHEAD_MIB);
  const haveMiB = await availableMiB();
  checks.push(
    check(
      'memory',
      haveMiB >= needMiB,
      `${haveMiB.toLocaleString('en')} MiB available; ` +
        `${count} VM${count > 1 ? 's' : ''} of ${memoryMiB} MiB need about ${needMiB.toLocaleString('en')} MiB with QEMU's own`,
      `close other programs, or run fewer VMs or smaller ones (Memory in the Machines view, --memory for strata deploy)`,
    ),
  );
  checks.push(await diskCheck(options.home));
  checks.push(await runtimeCheck(vms));
  checks.push(browserCheck(options.appRoot));
  return { ok: checks.every((c) => c.ok || !c.required), checks, accelerators, ...(accel && { accel }) };
}

/**
 * Windows: the app, lessons and simulator work, real VMs do not yet (the backend's
 * sockets, process groups and runtime folder are POSIX; docs/qemu.md#hosts has the plan).
 */
function windowsReport(): DoctorReport {
  const accelerators = Object.fromEntries(
    ACCELS.map((a) => [a, { usable: false, why: 'real VMs are not supported on Windows yet' }]),
  ) as DoctorReport['accelerators'];
  return {
    ok: false,
    accelerators,
    checks: [
      check(
        'host',
        false,
        "Strata's real VMs need a POSIX host (Linux or macOS) for now: their consoles, LAN and supervision use unix sockets " +
          'and process groups. Lessons, the builder and the simulator work here.',
        'run Strata in WSL 2 (Ubuntu or Debian, with apt-get install qemu-system-x86 qemu-utils) for real VMs; ' +
          'the plan for a Windows backend is in the Docs view, page "The guest image and QEMU", section Hosts',
      ),
    ],
  };
}
