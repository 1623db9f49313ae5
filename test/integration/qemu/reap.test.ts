import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeAndCheck, newService, qemuProcessesOf, skipWithoutQemu, testHome, until } from './qemuTestKit';

/** A pid no process has: the Strata that "crashed" and left QEMU behind. */
function deadPid(): number {
  for (let pid = 4_000_000; ; pid--) {
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') return pid;
    }
  }
}

describe.skipIf(skipWithoutQemu)('QEMU left behind by a Strata that died', () => {
  let orphan: ChildProcess | undefined;

  afterAll(() => {
    // Only if the test failed before the reaping: never leave it running.
    if (orphan?.pid && orphan.exitCode === null && orphan.signalCode === null) process.kill(-orphan.pid, 'SIGKILL');
  });

  it('is reaped when the next Strata starts', async () => {
    const staleDir = mkdtempSync('/tmp/strata-');
    // A QEMU as a dead Strata would have left it: own process group, our runtime folder in its command line.
    orphan = spawn('qemu-system-x86_64', ['-machine', 'none', '-display', 'none', '-nodefaults', '-name', `stale,process=${staleDir}/stale`], { detached: true, stdio: 'ignore' });
    const exited = new Promise((r) => orphan!.once('exit', r));
    await until(() => qemuProcessesOf(staleDir).length === 1, 10_000, 'the orphan to start');
    const pidDir = path.join(testHome, 'run', 'qemu');
    mkdirSync(pidDir, { recursive: true });
    writeFileSync(path.join(pidDir, `${orphan.pid}.json`), JSON.stringify({ pid: orphan.pid, owner: deadPid(), runtimeDir: staleDir }));

    const service = newService();
    await service.runtime();
    await exited;
    expect(qemuProcessesOf(staleDir)).toEqual([]);
    await disposeAndCheck(service);
  });
});
