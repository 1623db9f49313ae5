import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every architecture Strata runs on. */
const CLOCK_TICKS_PER_S = 100;

/**
 * CPU seconds (user and system, all threads) a running process has used. Measurements
 * take CPU time, not wall time, so a host busy with other work does not inflate them:
 * a guest's vCPU thread waiting for a core costs no CPU time.
 */
export async function processCpuSeconds(pid: number): Promise<number> {
  if (process.platform === 'linux') {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  }
  const { stdout } = await run('ps', ['-o', 'time=', '-p', String(pid)]);
  return parseCpuTime(stdout.trim());
}

/** `ps -o time` as macOS and BSDs print it: `[[dd-]hh:]mm:ss[.cc]`. */
export function parseCpuTime(text: string): number {
  const m = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text);
  if (!m) throw new Error(`cannot read a CPU time from "${text}"`);
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

/** Where a static busybox may be on a host, the same build as the guest image's (Debian's busybox-static). */
const BUSYBOX_PLACES = ['/bin/busybox', '/usr/bin/busybox', '/usr/local/bin/busybox', '/opt/homebrew/bin/busybox'];

/** The host's busybox, or null. */
export function hostBusybox(): string | null {
  return BUSYBOX_PLACES.find((p) => existsSync(p)) ?? null;
}

/** Runs one busybox applet on the host; returns its output and the CPU seconds it used (busybox's own `time`). */
export async function busyboxCpuSeconds(busybox: string, args: readonly string[]): Promise<{ stdout: string; cpuS: number }> {
  const { stdout, stderr } = await run(busybox, ['time', '-f', 'strata-cpu %U %S', busybox, ...args]);
  const m = /strata-cpu ([\d.]+) ([\d.]+)/.exec(stderr);
  if (!m) throw new Error(`busybox time printed no times: ${stderr.trim()}`);
  return { stdout, cpuS: Number(m[1]) + Number(m[2]) };
}
