import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The loop every CPU-bound workload of a real run spins (guestScripts.ts), timed here natively. */
const PROBE_ITERATIONS = 1_000_000;
/**
 * busybox awk's loop on one core of a 2020s x86_64 machine, measured on Strata's CI host
 * (about 1.6 million iterations a second of CPU time); used only where no busybox runs natively.
 */
export const FALLBACK_ITERS_PER_SECOND = 1_600_000;

/** The host CPUs this process may run on: its affinity on Linux, else every CPU. */
export function hostCpuIds(): number[] {
  try {
    const line = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (line) {
      const ids = line.split(',').flatMap((part) => {
        const [a, b] = part.split('-').map(Number);
        return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
      });
      if (ids.length > 0 && ids.every((n) => Number.isInteger(n))) return ids;
    }
  } catch {
    // Not Linux: every CPU.
  }
  return Array.from({ length: Math.max(1, os.cpus().length) }, (_, i) => i);
}

/** A busybox that runs natively here: the host's (busybox-static) or the one the guest image was built from. */
function nativeBusybox(home: string): string | undefined {
  const candidates = ['/bin/busybox', '/usr/bin/busybox', path.join(home, 'images', 'downloads', 'busybox-static', 'bin', 'busybox')];
  return process.platform === 'linux' ? candidates.find((p) => existsSync(p)) : undefined;
}

/**
 * How many iterations of the workloads' loop one core of this host does in a second of
 * CPU time (user + system, so other programs' load does not count), with busybox awk:
 * the same binary and loop the guests run, so a guest's slowdown is emulation's alone.
 */
export async function measureItersPerSecond(home: string): Promise<{ itersPerSecond: number; how: string }> {
  const busybox = nativeBusybox(home);
  if (!busybox)
    return {
      itersPerSecond: FALLBACK_ITERS_PER_SECOND,
      how: `No busybox runs natively on this host: a CPU second is taken as ${FALLBACK_ITERS_PER_SECOND.toLocaleString('en')} iterations of the workloads' loop.`,
    };
  let best = 0;
  for (let i = 0; i < 2; i++) {
    const { stderr } = await run(busybox, ['time', busybox, 'awk', '-v', `n=${PROBE_ITERATIONS}`, 'BEGIN { for (k = 0; k < n; k++) x += k % 7 }']);
    const cpu = ['user', 'sys'].reduce((sum, key) => {
      const m = new RegExp(`${key}\\s+(\\d+)m\\s*([\\d.]+)s`).exec(stderr);
      return sum + (m ? Number(m[1]) * 60 + Number(m[2]) : 0);
    }, 0);
    if (cpu > 0) best = Math.max(best, PROBE_ITERATIONS / cpu);
  }
  if (best === 0)
    return {
      itersPerSecond: FALLBACK_ITERS_PER_SECOND,
      how: `busybox gave no CPU time: a CPU second is taken as ${FALLBACK_ITERS_PER_SECOND.toLocaleString('en')} iterations.`,
    };
  return {
    itersPerSecond: Math.round(best),
    how: `A CPU second of this host is ${Math.round(best).toLocaleString('en')} iterations of the workloads' busybox awk loop, measured natively before the run.`,
  };
}

/** Nanoseconds each thread of a process has run on a CPU and waited for one (by thread id). */
export type SchedTimes = Map<string, { runNs: number; waitNs: number }>;

/**
 * The scheduler's account of a process, thread by thread (Linux's /proc/PID/task/TID/schedstat:
 * time on a CPU, time runnable but waiting for one): what share of a CPU it got when it
 * wanted one, whatever else runs on this host. Undefined where the host does not tell.
 */
export async function schedTimes(pid: number): Promise<SchedTimes | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    const times: SchedTimes = new Map();
    for (const tid of await readdir(`/proc/${pid}/task`)) {
      const [runNs, waitNs] = (await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => '')).trim().split(/\s+/).map(Number);
      if (Number.isFinite(runNs) && Number.isFinite(waitNs)) times.set(tid, { runNs: runNs!, waitNs: waitNs! });
    }
    return times.size > 0 ? times : undefined;
  } catch {
    return undefined;
  }
}

/** What the threads present in both readings ran and waited between them. */
export function schedDelta(before: SchedTimes, after: SchedTimes): { runNs: number; waitNs: number } {
  let runNs = 0;
  let waitNs = 0;
  for (const [tid, a] of after) {
    const b = before.get(tid);
    if (!b) continue;
    runNs += Math.max(0, a.runNs - b.runNs);
    waitNs += Math.max(0, a.waitNs - b.waitNs);
  }
  return { runNs, waitNs };
}
