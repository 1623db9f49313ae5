import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import type { VmEvent } from '../../../src/api/vmApi';
import { disposeAndCheck, newService, qemuProcessesOf, repoRoot, skipWithoutQemu, testHome, until } from './qemuTestKit';

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

const pidDir = path.join(testHome, 'run', 'qemu');

describe.skipIf(skipWithoutQemu)('QEMU never outlives the Strata that started it', () => {
  const leftovers: number[] = [];
  const owners: ChildProcess[] = [];

  afterAll(() => {
    // Only if a test failed before its QEMU was gone: never leave one running.
    for (const owner of owners) owner.kill('SIGKILL');
    for (const pid of leftovers) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Gone, as it should be.
      }
    }
  });

  it('dies with its owner when the owner is killed with SIGKILL', async () => {
    const runtimeDir = mkdtempSync('/tmp/strata-');
    mkdirSync(pidDir, { recursive: true });
    const owner = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures', 'qemuOwner.ts'), pidDir, runtimeDir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = await Promise.race([
      new Promise<string[]>((resolve) => createInterface({ input: owner.stdout! }).once('line', (l) => resolve([l]))),
      new Promise<never>((_, reject) => owner.once('exit', (code) => reject(new Error(`the owner exited (${code}) before starting QEMU`)))),
    ]);
    const qemu = (JSON.parse(line!) as { qemu: number }).qemu;
    leftovers.push(qemu);
    owners.push(owner);
    expect(qemuProcessesOf(runtimeDir)).toEqual([qemu]);

    owner.kill('SIGKILL');
    await until(() => qemuProcessesOf(runtimeDir).length === 0, 15_000, 'QEMU to die with its owner');
    rmSync(runtimeDir, { recursive: true, force: true });
  });

  it('left by a Strata that died with its supervisor, is reaped and reported as the next one starts', async () => {
    const staleDir = mkdtempSync('/tmp/strata-');
    // A QEMU as a dead Strata would have left it: own process group, our runtime folder in its command line.
    const orphan = spawn('qemu-system-x86_64', ['-machine', 'none', '-display', 'none', '-nodefaults', '-name', `stale,process=${staleDir}/stale`], {
      detached: true,
      stdio: 'ignore',
    });
    leftovers.push(orphan.pid!);
    const exited = new Promise((r) => orphan.once('exit', r));
    await until(() => qemuProcessesOf(staleDir).length === 1, 10_000, 'the orphan to start');
    mkdirSync(pidDir, { recursive: true });
    writeFileSync(path.join(pidDir, `${orphan.pid}.json`), JSON.stringify({ pid: orphan.pid, owner: deadPid(), runtimeDir: staleDir, vm: 'vm7' }));

    const logged: string[] = [];
    // Only started: no VM is created, no runtime folder asked for.
    const service = newService({ log: (l) => logged.push(l) });
    await exited;
    expect(qemuProcessesOf(staleDir)).toEqual([]);
    const message = `Stopped 1 VM a previous run of Strata left running: vm7 (QEMU pid ${orphan.pid}).`;
    expect(logged).toEqual([`strata: ${message}`]);
    const events: VmEvent[] = [];
    service.subscribeEvents({}, { write: (e) => events.push(e) > 0, onDrain: () => {}, end: () => {}, closed: false });
    expect(events).toEqual([
      { type: 'listed', ids: [] },
      { type: 'reaped', vms: ['vm7'], message },
    ]);
    await disposeAndCheck(service);
  });
});
