import type { Accelerator, HostFigures } from '../../core/sim/simFigures';
import { ACCELS, type Accel } from '../qemu/accel';
import type { Machine } from '../qemu/machine';
import { VmService } from '../qemu/vmService';
import { busyboxCpuSeconds, hostBusybox, processCpuSeconds } from './cpuTime';

/**
 * The CPU-bound program, the same on both sides: busybox's awk, run by the host's static
 * busybox and by the guest's (both Debian's busybox-static). Its printed sum proves both
 * ran the same loop. About a quarter of a second natively: enough for 10 ms clock ticks.
 */
export const CPU_LOOP_ITERATIONS = 300_000;
const cpuProgram = (n: number): string => `BEGIN { s = 0; for (i = 0; i < ${n}; i++) s += i % 7; print s }`;
/**
 * A process start: the shell forks and execs a busybox applet (`true`, which does
 * nothing), as the real runs' workloads start sed, awk, wget. The same loop with the
 * shell's builtin `:` is its empty run. More starts natively, where one is ~50 times cheaper.
 */
const START_LOOP = (n: number, command: string): string => `i=0; while [ $i -lt ${n} ]; do ${command}; i=$((i+1)); done`;
export const NATIVE_STARTS = 400;
export const GUEST_STARTS = 40;
/** The guest's RAM: the size the lessons' guests have. */
export const GUEST_MEMORY_MiB = 256;
/**
 * The guest's dd reads zeros into a buffer of this size, this many times, writing to
 * /dev/null: the kernel writes the whole buffer each pass, so it dirties memory at the
 * speed one vCPU can (no file is written: the checker's channel limits file sizes).
 */
const DIRTY_BUFFER_MiB = 64;
const DIRTY_PASSES = 8;
const DIRTY_MiB = DIRTY_BUFFER_MiB * DIRTY_PASSES;
const dirtyCommand = (passes: number): string => `dd if=/dev/zero of=/dev/null bs=${DIRTY_BUFFER_MiB}M count=${passes} 2>&1`;
/** A guest command may take this long under TCG on a loaded host. */
const GUEST_COMMAND_MS = 300_000;

export interface CalibrateOptions {
  home: string;
  recipeDir: string;
  progress: (line: string) => void;
  /** Boot timeout per guest. */
  bootTimeoutMs?: number;
  /** Stops the measurement: its guests are killed at once. */
  signal?: AbortSignal;
}

/** Three significant digits: the measurements are not finer than that. */
function round(x: number): number {
  return Number(x.toPrecision(3));
}

/** A difference of two timings, refused when too small to mean anything. */
function positive(x: number, what: string): number {
  if (!(x > 0)) throw new Error(`${what} took too little CPU time to be timed; run strata calibrate again`);
  return x;
}

/** The least CPU time of a few host runs: other work on the host only adds to it. */
async function nativeCpuSeconds(busybox: string, n: number): Promise<{ cpuS: number; output: string }> {
  let best = Infinity;
  let output = '';
  for (let i = 0; i < 3; i++) {
    const r = await busyboxCpuSeconds(busybox, ['awk', cpuProgram(n)]);
    best = Math.min(best, r.cpuS);
    output = r.stdout.trim();
  }
  return { cpuS: best, output };
}

/** CPU seconds of one process start natively: the least of a few runs, less the loop's own. */
async function nativeStartSeconds(busybox: string): Promise<number> {
  const least = async (command: string): Promise<number> => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) best = Math.min(best, (await busyboxCpuSeconds(busybox, ['sh', '-c', START_LOOP(NATIVE_STARTS, command)])).cpuS);
    return best;
  };
  return positive((await least(`${busybox} true`)) - (await least(':')), 'starting a process natively') / NATIVE_STARTS;
}

/** CPU seconds QEMU spends on a command in its guest (the command's output too). */
async function guestCpuSeconds(machine: Machine, command: string): Promise<{ cpuS: number; output: string }> {
  const pid = machine.qemuPid;
  if (pid === undefined) throw new Error(`${machine.id} is not running`);
  const before = await processCpuSeconds(pid);
  const r = await machine.exec(command, GUEST_COMMAND_MS);
  const after = await processCpuSeconds(pid);
  if (r.exitCode !== 0) throw new Error(`the guest's ${command.split(' ')[0]} failed (exit ${r.exitCode}): ${r.stdout.trim()}`);
  return { cpuS: after - before, output: r.stdout.trim() };
}

/**
 * Measures this host: the CPU loop natively and in a guest under each usable accelerator
 * (the emulation factor is the ratio of CPU times, the command's fixed cost in the guest
 * taken out by an empty run); then, in a guest under the accelerator VMs use here, how
 * fast one vCPU dirties fresh memory, and a live migration of that guest to a second
 * local QEMU. Every QEMU started is stopped before this returns.
 */
export async function measureHost(options: CalibrateOptions): Promise<HostFigures> {
  const busybox = hostBusybox();
  if (!busybox)
    throw new Error(
      'this host has no busybox to run the CPU loop natively: install busybox-static (apt-get install busybox-static), the same program the guest runs',
    );
  const { progress, signal } = options;
  // Every service still running, so an abort kills its guests at once.
  const live = new Set<VmService>();
  const onAbort = (): void => {
    for (const s of live) void s.dispose();
  };
  signal?.addEventListener('abort', onAbort);
  const open = (accel?: Accel): VmService => {
    signal?.throwIfAborted();
    const service = new VmService({ home: options.home, recipeDir: options.recipeDir, accel, log: progress, bootTimeoutMs: options.bootTimeoutMs });
    live.add(service);
    return service;
  };
  const close = async (service: VmService): Promise<void> => {
    live.delete(service);
    await service.dispose();
  };
  try {
    return await measure(busybox, progress, open, close);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await Promise.all([...live].map(close));
  }
}

async function measure(
  busybox: string,
  progress: (line: string) => void,
  open: (accel?: Accel) => VmService,
  close: (service: VmService) => Promise<void>,
): Promise<HostFigures> {
  const probe = open();
  let chosen: { accel: Accel; usable: Accel[] };
  try {
    const { accel, probes } = await probe.accelerators();
    chosen = { accel, usable: ACCELS.filter((a) => probes[a].usable) };
  } finally {
    await close(probe);
  }
  if (chosen.usable.length === 0) throw new Error('no accelerator runs guests here: `strata doctor` says why');
  progress(`Running the CPU loop (busybox awk, ${CPU_LOOP_ITERATIONS} iterations) natively...`);
  const nativeFull = await nativeCpuSeconds(busybox, CPU_LOOP_ITERATIONS);
  const nativeEmpty = await nativeCpuSeconds(busybox, 0);
  const nativeS = positive(nativeFull.cpuS - nativeEmpty.cpuS, 'the native CPU loop');
  progress(`  ${nativeS.toFixed(2)} s of CPU natively.`);
  progress(`Starting a busybox applet ${NATIVE_STARTS} times natively...`);
  const nativeStartS = await nativeStartSeconds(busybox);
  progress(`  ${(nativeStartS * 1000).toFixed(2)} ms of CPU a start.`);
  const accelerators: HostFigures['accelerators'] = {};
  let migration: { dirtyRateMiBps: number; migrationMiBps: number } | undefined;
  // The accelerator VMs use here goes last: its guest then stays up for the memory measurements.
  for (const accel of [...chosen.usable.filter((a) => a !== chosen.accel), chosen.accel]) {
    const service = open(accel);
    try {
      progress(`Booting a ${GUEST_MEMORY_MiB} MiB guest under ${accel.toUpperCase()}...`);
      const vm = await service.create({ id: `calibrate-${accel}`, memoryMiB: GUEST_MEMORY_MiB, cpus: 1, noVirtExtensions: false, waitReady: true });
      const machine = service.machine(vm.id);
      progress(`Running the same CPU loop in the guest under ${accel.toUpperCase()}...`);
      const empty = await guestCpuSeconds(machine, `busybox awk '${cpuProgram(0)}'`);
      const full = await guestCpuSeconds(machine, `busybox awk '${cpuProgram(CPU_LOOP_ITERATIONS)}'`);
      if (full.output !== nativeFull.output) throw new Error(`the guest's loop printed ${full.output}, the host's ${nativeFull.output}: not the same program`);
      const factor = positive(full.cpuS - empty.cpuS, `the CPU loop under ${accel.toUpperCase()}`) / nativeS;
      progress(`  ${(full.cpuS - empty.cpuS).toFixed(2)} s of CPU: ${round(factor)} times the native time.`);
      progress(`Starting a busybox applet ${GUEST_STARTS} times in the guest under ${accel.toUpperCase()}...`);
      const starts = await guestCpuSeconds(machine, START_LOOP(GUEST_STARTS, '/bin/busybox true'));
      const loop = await guestCpuSeconds(machine, START_LOOP(GUEST_STARTS, ':'));
      const startS = positive(starts.cpuS - loop.cpuS, `starting a process under ${accel.toUpperCase()}`) / GUEST_STARTS;
      accelerators[accel as Accelerator] = { emulationFactor: round(factor), processStartS: round(startS) };
      progress(`  ${(startS * 1000).toFixed(1)} ms of CPU a start: ${round(startS / nativeStartS)} times the native time.`);
      if (accel !== chosen.accel) continue;
      progress(`Writing ${DIRTY_MiB} MiB of memory in the guest...`);
      const dirtyFull = await guestCpuSeconds(machine, dirtyCommand(DIRTY_PASSES));
      const dirtyEmpty = await guestCpuSeconds(machine, dirtyCommand(0));
      const dirtyRateMiBps = round(DIRTY_MiB / positive(dirtyFull.cpuS - dirtyEmpty.cpuS, 'writing memory in the guest'));
      progress(`  ${dirtyRateMiBps} MiB/s dirtied by one vCPU.`);
      progress('Live-migrating the guest to a second QEMU on this host...');
      const moved = await service.migrate(vm.id, 'node2');
      const migrationMiBps = round((GUEST_MEMORY_MiB * 1000) / positive(moved.totalMs, 'the live migration'));
      progress(`  ${GUEST_MEMORY_MiB} MiB in ${moved.totalMs} ms (${moved.downtimeMs} ms of downtime): ${migrationMiBps} MiB/s.`);
      migration = { dirtyRateMiBps, migrationMiBps };
    } finally {
      await close(service);
    }
  }
  if (!migration) throw new Error('the memory measurements did not run');
  return { accelerators, processStartS: round(nativeStartS), ...migration };
}
