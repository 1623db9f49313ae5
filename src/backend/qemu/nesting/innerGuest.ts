import type { VmExecResult } from '../../../api/vmApi';

/** How a guest runs the hypervisor inside it: hardware-assisted (kvm_amd on the guest's SVM) or QEMU's own translator. */
export type InnerAccel = 'kvm' | 'tcg';

/** One run of the CPU loop (`cpubench`, a busybox shell loop) at one level. */
export interface CpuLoop {
  iterations: number;
  seconds: number;
  perSecond: number;
}

/** What `inner-guest` (assets/guest/packs/nested) told of one attempt to boot a guest inside a guest. */
export interface InnerGuestRun {
  accel: InnerAccel;
  /** The inner guest reached its shell and answered in it. */
  booted: boolean;
  /** QEMU's start to the inner shell's ready marker, on the outer guest's clock. */
  bootMs?: number;
  /** The inner shell's answer: its hostname and kernel release. */
  innerShell?: string;
  loop?: CpuLoop;
  /** Why it did not boot, in the guest's and QEMU's own words. */
  message?: string;
  /** Everything the command printed. */
  output: string;
}

/** A running guest of the nested pack, as far as this module needs one. */
export interface ExecTarget {
  exec(command: string, timeoutMs: number): Promise<VmExecResult>;
}

const CPUBENCH = /cpubench: (\d+) iterations in ([\d.]+) s \((\d+) per second\)/;

/** `cpubench`'s line, the same at every level. */
export function parseCpubench(text: string): CpuLoop | undefined {
  const m = CPUBENCH.exec(text);
  if (!m) return undefined;
  return { iterations: Number(m[1]), seconds: Number(m[2]), perSecond: Number(m[3]) };
}

/** Reads `inner-guest`'s lines into a run. */
export function parseInnerGuest(accel: InnerAccel, result: VmExecResult): InnerGuestRun {
  const output = result.stdout;
  const ready = /inner-guest: inner guest ready in ([\d.]+) s/.exec(output);
  const shell = /inner-guest: the inner guest's shell answered: inner-shell (.*)/.exec(output);
  const loop = parseCpubench(output);
  const booted = result.exitCode === 0 && Boolean(ready && shell && loop);
  const run: InnerGuestRun = { accel, booted, output };
  if (ready) run.bootMs = Math.round(Number(ready[1]) * 1000);
  if (shell?.[1]) run.innerShell = shell[1].trim();
  if (loop) run.loop = loop;
  if (!booted) run.message = failureMessage(output, result.exitCode);
  return run;
}

/** The lines saying why: the guest kernel's and QEMU's words, or the last thing printed. */
function failureMessage(output: string, exitCode: number): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const why = lines.filter((l) => /the guest kernel says|QEMU stopped|insmod|no "|no qemu-system/.test(l)).map((l) => l.replace(/^inner-guest: /, ''));
  if (why.length) return why.join('\n');
  if (exitCode === 137) return 'the inner guest did not finish in time and was killed';
  return lines.at(-1)?.replace(/^inner-guest: /, '') ?? `inner-guest exited with status ${exitCode} and printed nothing`;
}

/**
 * Boots a guest inside `outer` with `inner-guest` over the checker's channel (never the
 * student's console), runs the CPU loop in it and stops it. Whatever happens, no inner
 * QEMU is left running in the outer guest: the script stops its own, and a run the
 * channel had to kill (its time ran out) is cleaned up here.
 */
export async function runInnerGuest(outer: ExecTarget, accel: InnerAccel, iterations: number, timeoutMs: number): Promise<InnerGuestRun> {
  // The script's own deadline comes first, so it stops its QEMU and says what it saw.
  const innerSeconds = Math.max(30, Math.floor(timeoutMs / 1000) - 30);
  try {
    return parseInnerGuest(accel, await outer.exec(`INNER_TIMEOUT=${innerSeconds} inner-guest ${accel} ${iterations}`, timeoutMs));
  } finally {
    await outer.exec('killall -q qemu-system-x86_64; rm -rf /tmp/inner-guest.*; true', 30_000).catch(() => undefined);
  }
}

/** Inner QEMU processes still running in `outer` (none once a run is over). */
export async function innerQemuProcesses(outer: ExecTarget): Promise<number[]> {
  const { stdout } = await outer.exec('pidof qemu-system-x86_64 || true', 30_000);
  return stdout.split(/\s+/).filter(Boolean).map(Number);
}
