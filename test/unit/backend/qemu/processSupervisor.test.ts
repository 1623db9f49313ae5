import { describe, expect, it } from 'vitest';
import { spawnSupervised } from '../../../../src/backend/qemu/processSupervisor';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a program under its supervisor', () => {
  it('reports its pid and its exit status', async () => {
    const run = await spawnSupervised('sh', ['-c', 'exit 3']);
    expect(run.pid).toBeGreaterThan(0);
    expect(await run.exited).toEqual({ code: 3, signal: null });
  });

  it('is killed with its whole process group when the pipe from its owner closes', async () => {
    // The shell's child stands for anything QEMU forks: the group goes, not just the program.
    const run = await spawnSupervised('sh', ['-c', 'sleep 600 & echo $! >&2; wait']);
    let childPid = 0;
    run.supervisor.stderr!.on('data', (d: Buffer) => (childPid = Number(String(d).trim())));
    while (!childPid) await new Promise((r) => setTimeout(r, 20));
    expect(alive(run.pid) && alive(childPid)).toBe(true);
    // What the kernel does when the owner dies, however it dies.
    run.supervisor.stdin!.end();
    expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(alive(run.pid)).toBe(false);
    while (alive(childPid)) await new Promise((r) => setTimeout(r, 20));
  });

  it('says so when the program cannot be started', async () => {
    await expect(spawnSupervised('/nonexistent/qemu', [])).rejects.toThrow(/\/nonexistent\/qemu did not start: spawn \/nonexistent\/qemu ENOENT/);
  });
});
