import { type ChildProcess, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSupervised, type SupervisedExit } from './processSupervisor';
import { qemuTool } from './qemuLocations';

/** Process groups of every QEMU this Strata process started and has not yet reaped. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Kills every QEMU group we started, synchronously: the last resort on process exit. */
function killAllGroups(): void {
  for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
  liveGroups.clear();
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

export type QemuExit = SupervisedExit;

/** What a pid file under STRATA_HOME/run/qemu says of one QEMU. */
interface PidRecord {
  pid: number;
  owner: number;
  runtimeDir: string;
  /** The VM it ran (absent for probes and for files of older versions). */
  vm?: string;
}

/**
 * One qemu-system-x86_64 process, in its own process group so that killing the group
 * takes QEMU and anything it forked. It runs under a supervisor that kills the group
 * when this Strata process dies, however it dies; a pid file under STRATA_HOME lets the
 * next start reap it if even the supervisor was killed.
 */
export class QemuProcess {
  readonly exited: Promise<QemuExit>;
  private stderrTail = '';
  private done = false;
  private readonly pidFile: string;

  private constructor(
    readonly pid: number,
    private readonly supervisor: ChildProcess,
    exited: Promise<QemuExit>,
    pidDir: string,
    record: PidRecord,
  ) {
    liveGroups.add(pid);
    this.pidFile = path.join(pidDir, `${pid}.json`);
    // Written synchronously so a crash right after spawn still leaves the record.
    writeFileSync(this.pidFile, JSON.stringify(record));
    supervisor.stderr?.setEncoding('utf8');
    supervisor.stderr?.on('data', (s: string) => {
      this.stderrTail = (this.stderrTail + s).slice(-2000);
    });
    this.exited = exited.then((exit) => {
      this.done = true;
      // QEMU is gone; anything left in its group goes with it.
      killGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
      try {
        unlinkSync(this.pidFile);
      } catch {
        // Already removed.
      }
      return exit;
    });
  }

  /** Spawns QEMU with `args` for the VM `vm`; its stderr is kept for error messages. */
  static async spawn(args: readonly string[], pidDir: string, runtimeDir: string, vm?: string): Promise<QemuProcess> {
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', killAllGroups);
    }
    const { pid, supervisor, exited } = await spawnSupervised(qemuTool('qemu-system-x86_64'), args);
    return new QemuProcess(pid, supervisor, exited, pidDir, { pid, owner: process.pid, runtimeDir, vm });
  }

  get hasExited(): boolean {
    return this.done;
  }

  /** What QEMU wrote on stderr lately (why it refused to start, usually). */
  get stderr(): string {
    return this.stderrTail.trim();
  }

  /** Kills the whole group and waits for QEMU to be reaped. */
  async kill(): Promise<QemuExit> {
    if (!this.done) killGroup(this.pid, 'SIGKILL');
    this.supervisor.stdin?.end();
    return this.exited;
  }
}

/** A QEMU found running for a Strata that is gone, and killed. */
export interface Stray {
  pid: number;
  vm?: string;
}

/**
 * Reaps QEMU processes left by a Strata that died without cleaning up (its supervisor
 * killed too, or a version without one): each pid file whose owner is gone and whose
 * process is still a QEMU started for that runtime folder gets its group killed. Files
 * of a Strata still running are left alone. Synchronous: it runs as the service starts.
 */
export function reapStale(pidDir: string): Stray[] {
  mkdirSync(pidDir, { recursive: true, mode: 0o700 });
  const reaped: Stray[] = [];
  for (const name of readdirSync(pidDir)) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(pidDir, name);
    let record: PidRecord;
    try {
      record = JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
    } catch {
      rmSync(file, { force: true });
      continue;
    }
    // Ours and still tracked, or owned by another Strata that is still running: leave it.
    if (liveGroups.has(record.pid) || (record.owner !== process.pid && isAlive(record.owner))) continue;
    if (isAlive(record.pid) && isOurQemu(record.pid, record.runtimeDir)) {
      killGroup(record.pid, 'SIGKILL');
      reaped.push({ pid: record.pid, vm: record.vm });
    }
    rmSync(file, { force: true });
    if (record.runtimeDir.startsWith('/tmp/strata-') && existsSync(record.runtimeDir) && !isAlive(record.owner)) {
      rmSync(record.runtimeDir, { recursive: true, force: true });
    }
  }
  return reaped;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Guards against pid reuse: only a qemu-system process naming our runtime folder. */
function isOurQemu(pid: number, runtimeDir: string): boolean {
  const cmdline = commandLine(pid);
  return cmdline !== undefined && cmdline.includes('qemu-system') && cmdline.includes(runtimeDir);
}

/** A process's command line: /proc on Linux, ps elsewhere (macOS has no /proc). */
function commandLine(pid: number): string | undefined {
  try {
    return existsSync('/proc/self/cmdline')
      ? readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      : execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
  } catch {
    return undefined;
  }
}
