import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

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

export interface QemuExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One qemu-system-x86_64 process, detached in its own process group so that killing the
 * group takes QEMU and anything it forked, whatever state Strata is in. A pid file under
 * STRATA_HOME lets the next start reap it if this Strata dies without cleaning up.
 */
export class QemuProcess {
  readonly pid: number;
  readonly exited: Promise<QemuExit>;
  private stderrTail = '';
  private done = false;
  private readonly pidFile: string;

  private constructor(
    private readonly child: ChildProcess,
    pidDir: string,
    runtimeDir: string,
  ) {
    if (child.pid === undefined) throw new Error('qemu-system-x86_64 did not start');
    this.pid = child.pid;
    liveGroups.add(this.pid);
    this.pidFile = path.join(pidDir, `${this.pid}.json`);
    // Written synchronously so a crash right after spawn still leaves the record.
    writeFileSync(this.pidFile, JSON.stringify({ pid: this.pid, owner: process.pid, runtimeDir }));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (s: string) => {
      this.stderrTail = (this.stderrTail + s).slice(-2000);
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.done = true;
        // QEMU is gone; anything left in its group goes with it.
        killGroup(this.pid, 'SIGKILL');
        liveGroups.delete(this.pid);
        try {
          unlinkSync(this.pidFile);
        } catch {
          // Already removed.
        }
        resolve({ code, signal });
      });
    });
  }

  /** Spawns QEMU with `args`; its stderr is kept for error messages. */
  static spawn(args: readonly string[], pidDir: string, runtimeDir: string): QemuProcess {
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', killAllGroups);
    }
    const child = spawn('qemu-system-x86_64', args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    return new QemuProcess(child, pidDir, runtimeDir);
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
    return this.exited;
  }
}

/**
 * Reaps QEMU processes left by a Strata that died without cleaning up: each pid file
 * whose owner is gone and whose process is still a QEMU started for that runtime folder
 * gets its group killed. Files of a Strata still running are left alone.
 */
export async function reapStale(pidDir: string): Promise<number> {
  await fs.mkdir(pidDir, { recursive: true, mode: 0o700 });
  let reaped = 0;
  for (const name of await fs.readdir(pidDir)) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(pidDir, name);
    let record: { pid: number; owner: number; runtimeDir: string };
    try {
      record = JSON.parse(readFileSync(file, 'utf8')) as typeof record;
    } catch {
      rmSync(file, { force: true });
      continue;
    }
    // Ours and still tracked, or owned by another Strata that is still running: leave it.
    if (liveGroups.has(record.pid) || (record.owner !== process.pid && isAlive(record.owner))) continue;
    if (isAlive(record.pid) && isOurQemu(record.pid, record.runtimeDir)) {
      killGroup(record.pid, 'SIGKILL');
      reaped++;
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
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('qemu-system') && cmdline.includes(runtimeDir);
  } catch {
    return false;
  }
}
