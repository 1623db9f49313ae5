import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openView, withoutQemu } from './support/steps';
import { startWebApp, type WebApp } from './support/webApp';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

describe.skipIf(withoutQemu)('VMs a killed Strata left running', () => {
  let app: WebApp | undefined;
  let stray: number | undefined;
  afterAll(async () => {
    if (stray && alive(stray)) process.kill(-stray, 'SIGKILL');
    await app?.close();
  });

  it('are stopped as Strata starts again, and the Machines view says which', async () => {
    // The home as a Strata killed with its supervisors would leave it: a pid file, its QEMU still running.
    const home = mkdtempSync(path.join(os.tmpdir(), 'strata-e2e-home-'));
    const runtimeDir = mkdtempSync('/tmp/strata-');
    const qemu = spawn('qemu-system-x86_64', ['-machine', 'none', '-display', 'none', '-nodefaults', '-name', `vm3,process=${runtimeDir}/vm3`], {
      detached: true,
      stdio: 'ignore',
    });
    stray = qemu.pid!;
    qemu.unref();
    const pidDir = path.join(home, 'run', 'qemu');
    mkdirSync(pidDir, { recursive: true });
    // An owner pid above any the kernel hands out (pid_max is at most 2^22): a Strata that is gone.
    writeFileSync(path.join(pidDir, `${stray}.json`), JSON.stringify({ pid: stray, owner: 2 ** 22 + 1, runtimeDir, vm: 'vm3' }));

    app = await startWebApp({ home });
    const message = `Stopped 1 VM a previous run of Strata left running: vm3 (QEMU pid ${stray}).`;
    expect(app.serverOutput()).toContain(`strata: ${message}`);
    expect(alive(stray)).toBe(false);

    const { page } = app;
    await openView(page, 'Machines');
    const banner = page.getByRole('status').filter({ hasText: 'previous run of Strata' });
    await expect.poll(async () => banner.innerText(), { timeout: 30_000 }).toContain(message);
    await app.screenshot('machines-reaped');
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(async () => banner.count()).toBe(0);
  });
});
