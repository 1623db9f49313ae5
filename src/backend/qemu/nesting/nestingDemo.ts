import os from 'node:os';
import { NESTED_MIN_MEMORY_MIB } from '../../../api/vmApi';
import type { VmService } from '../vmService';
import { hostCpuLoop } from './hostCpuLoop';
import { type CpuLoop, type InnerAccel, type InnerGuestRun, innerQemuProcesses, parseCpubench, runInnerGuest } from './innerGuest';

/** Loop sizes per level, each a few seconds on an idle core (the rate is what is compared). */
export const NESTING_ITERATIONS = { host: 500_000, guest: 100_000, kvm: 20_000, tcg: 5_000 } as const;

/** An inner guest under TCG inside a TCG guest took about 55 s on an idle core; a busy host takes several times that. */
const INNER_TCG_TIMEOUT_MS = 900_000;
const INNER_KVM_TIMEOUT_MS = 300_000;

/** One level of the CPU-loop comparison: its rate and how many times slower than the host. */
export interface NestingLevel extends CpuLoop {
  level: 'host' | 'guest' | 'inner-kvm' | 'inner-tcg';
  slowdown: number;
}

/** One attempt to boot a guest inside a guest. */
export interface NestingAttempt extends Omit<InnerGuestRun, 'output' | 'loop'> {
  /** The outer guest's `-cpu`, and whether its CPU showed `svm`. */
  outerCpu: string;
  outerSvm: boolean;
}

export interface NestingReport {
  /** How the host runs the outer guests (tcg here; kvm where the host has it). */
  accel: string;
  /** The host's 1-minute load average when the demo began: a busy host makes every level slower. */
  loadAverage: number;
  /** The shell that ran the host's loop (`busybox sh` as in the guests, when the host has busybox). */
  hostShell: string;
  levels: NestingLevel[];
  attempts: NestingAttempt[];
  /** Inner QEMU processes found in the outer guests after the attempts (none: each was stopped). */
  innerLeftRunning: number;
  /** KVM and TCG booted in the guest with svm's KVM, KVM was refused without svm, TCG booted there anyway. */
  asExpected: boolean;
}

/**
 * The 2007 nesting experiment on real guests. Two outer guests of the nested pack boot on
 * this host, one whose CPU shows AMD-V (`svm`) and one without (`-cpu qemu64,-svm`, a
 * 2007 VMware guest's position). In the first, KVM (kvm_amd on QEMU's emulated SVM)
 * boots an inner guest; in the second, KVM is refused with the guest kernel's own
 * message, and QEMU with TCG boots the inner guest anyway. The same CPU loop runs on the
 * host, in a guest and in each inner guest.
 */
export async function nestingDemo(service: VmService, progress: (line: string) => void): Promise<NestingReport> {
  const loadAverage = os.loadavg()[0] ?? 0;
  progress(`Running the CPU loop on the host (load average ${loadAverage.toFixed(1)})...`);
  const host = await hostCpuLoop(service.recipeDir, NESTING_ITERATIONS.host);
  const levels: NestingLevel[] = [{ level: 'host', ...loopOf(host), slowdown: 1 }];
  const level = (name: NestingLevel['level'], loop: CpuLoop): void => {
    levels.push({ level: name, ...loop, slowdown: round(host.perSecond / loop.perSecond) });
  };

  progress(`Booting two ${NESTED_MIN_MEMORY_MIB} MiB guests with the nested pack: "svm" (qemu64) and "nosvm" (qemu64,-svm)...`);
  const [withSvm, withoutSvm] = await Promise.all([
    service.create({ memoryMiB: NESTED_MIN_MEMORY_MIB, cpus: 1, noVirtExtensions: false, waitReady: true, extras: ['nested'], hostname: 'svm' }),
    service.create({ memoryMiB: NESTED_MIN_MEMORY_MIB, cpus: 1, noVirtExtensions: true, waitReady: true, extras: ['nested'], hostname: 'nosvm' }),
  ]);
  const outers = [
    { vm: service.machine(withSvm.id), cpu: 'qemu64', svm: true },
    { vm: service.machine(withoutSvm.id), cpu: 'qemu64,-svm', svm: false },
  ] as const;
  const [svm, nosvm] = outers;
  try {
    progress(`Guests ready (${withSvm.accel.toUpperCase()}). Running the CPU loop in a guest...`);
    const guestLoop = parseCpubench((await svm.vm.exec(`cpubench ${NESTING_ITERATIONS.guest}`, 600_000)).stdout);
    if (!guestLoop) throw new Error('cpubench in the guest printed no result');
    level('guest', guestLoop);

    const attempts: NestingAttempt[] = [];
    const attempt = async (outer: (typeof outers)[number], accel: InnerAccel): Promise<InnerGuestRun> => {
      progress(`${accel === 'kvm' ? 'KVM' : 'QEMU with TCG'} inside the guest whose CPU ${outer.svm ? 'shows' : 'hides'} svm...`);
      const run = await runInnerGuest(outer.vm, accel, NESTING_ITERATIONS[accel], accel === 'tcg' ? INNER_TCG_TIMEOUT_MS : INNER_KVM_TIMEOUT_MS);
      const { output: _output, loop, ...rest } = run;
      attempts.push({ ...rest, outerCpu: outer.cpu, outerSvm: outer.svm });
      if (loop) level(accel === 'kvm' ? 'inner-kvm' : 'inner-tcg', loop);
      progress(run.booted ? `  inner guest ready in ${((run.bootMs ?? 0) / 1000).toFixed(1)} s` : `  refused: ${run.message}`);
      return run;
    };
    const kvmWithSvm = await attempt(svm, 'kvm');
    const kvmWithoutSvm = await attempt(nosvm, 'kvm');
    const tcgWithoutSvm = await attempt(nosvm, 'tcg');
    const left = (await Promise.all(outers.map((o) => innerQemuProcesses(o.vm)))).flat().length;
    return {
      accel: withSvm.accel,
      loadAverage: round(loadAverage),
      hostShell: host.shell,
      levels,
      attempts,
      innerLeftRunning: left,
      asExpected: kvmWithSvm.booted && !kvmWithoutSvm.booted && tcgWithoutSvm.booted && left === 0,
    };
  } finally {
    await Promise.all([service.kill(withSvm.id), service.kill(withoutSvm.id)]);
  }
}

function loopOf(loop: CpuLoop): CpuLoop {
  return { iterations: loop.iterations, seconds: loop.seconds, perSecond: loop.perSecond };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
