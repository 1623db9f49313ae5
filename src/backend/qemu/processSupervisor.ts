import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * The supervisor, run by Node itself (`node -e`, so it needs no file of its own in a
 * packaged app). It starts PROGRAM in a process group of its own and kills that group
 * when its stdin reaches end of file: stdin is a pipe whose only writer is the owner
 * (Strata), and the kernel closes it when the owner dies, even by SIGKILL. This works on
 * every Unix, where Linux's parent-death signal would cover Linux only. It reports the
 * program's pid and then its exit as JSON lines on stdout; the program's stderr is its own.
 */
const SUPERVISOR_SOURCE = `'use strict';
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'inherit'] });
const killGroup = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} };
// The program's exit handler below reports and ends; the timer is for a program that cannot die.
const quit = () => { if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) process.exit(0); killGroup(); setTimeout(() => process.exit(0), 5000).unref(); };
process.stdin.on('end', quit);
process.stdin.on('error', quit);
process.stdin.resume();
process.stdout.on('error', () => process.exit(0));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, quit);
child.on('spawn', () => process.stdout.write(JSON.stringify({ pid: child.pid }) + '\\n'));
child.on('error', (err) => process.stdout.write(JSON.stringify({ error: err.message }) + '\\n', () => process.exit(1)));
child.on('exit', (code, signal) => { killGroup(); process.stdout.write(JSON.stringify({ code, signal }) + '\\n', () => process.exit(0)); });
`;

export interface SupervisedExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A program running under its supervisor; `pid` is the program's (and its group's). */
export interface Supervised {
  pid: number;
  supervisor: ChildProcess;
  /** Once the program and its supervisor are gone: the program's exit (SIGKILL if the supervisor died first; the group is killed then). */
  exited: Promise<SupervisedExit>;
}

/**
 * Starts `command` under a supervisor that kills its process group as soon as this
 * process is gone. The supervisor is detached (its own session), so a Ctrl-C meant for
 * Strata reaches Strata, which stops its programs in its own way.
 */
export function spawnSupervised(command: string, args: readonly string[]): Promise<Supervised> {
  // ELECTRON_RUN_AS_NODE: in the desktop app process.execPath is Electron's binary.
  const supervisor = spawn(process.execPath, ['-e', SUPERVISOR_SOURCE, '--', command, ...args], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  // Never written: the pipe only has to stay open while we live.
  supervisor.stdin?.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    let pid: number | undefined;
    let exit: SupervisedExit | undefined;
    let resolveExit: (exit: SupervisedExit) => void = () => {};
    const exited = new Promise<SupervisedExit>((r) => (resolveExit = r));
    const lines = createInterface({ input: supervisor.stdout! });
    lines.on('line', (line) => {
      const report = JSON.parse(line) as { pid?: number; error?: string } & Partial<SupervisedExit>;
      if (report.error !== undefined) reject(new Error(`${command} did not start: ${report.error}`));
      else if (report.pid !== undefined) {
        pid = report.pid;
        resolve({ pid, supervisor, exited });
      } else exit = { code: report.code ?? null, signal: report.signal ?? null };
    });
    supervisor.once('error', (err) => reject(new Error(`the supervisor of ${command} did not start: ${err.message}`)));
    // The program counts as gone once its supervisor is, so nothing of it is left running.
    // 'close', not 'exit': by then every line it wrote has been read.
    supervisor.once('close', (code, signal) => {
      if (pid === undefined) {
        reject(new Error(`the supervisor of ${command} ended before starting it (${signal ?? `code ${code}`})`));
        return;
      }
      if (!exit) {
        // Killed before it could report: make sure the program went with it.
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
      resolveExit(exit ?? { code: null, signal: 'SIGKILL' });
    });
  });
}
