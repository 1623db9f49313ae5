import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from './support/webApp';

const hasQemu = await import('node:fs').then((fs) => fs.existsSync('/usr/bin/qemu-system-x86_64'));
const required = process.env.REQUIRE_QEMU === '1';

describe.skipIf(!hasQemu && !required)('Machines view with a real QEMU guest', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('boots a VM from the UI and answers `uname -a` typed into its terminal', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Machines', exact: true }).click();
    await page.getByRole('button', { name: 'Boot a VM' }).click();
    const terminal = page.locator('.terminal-pane:not([hidden]) .xterm-rows');
    // The first boot may build the guest image from Debian packages: allow for it.
    await expect
      .poll(async () => (await page.getByTestId('machine-list').innerText().catch(() => '')).includes('running'), { timeout: 150_000, interval: 1000 })
      .toBe(true);
    await page.locator('.terminal-pane:not([hidden]) .vm-terminal').click();
    await page.keyboard.type('uname -a\n');
    await expect.poll(async () => terminal.innerText(), { timeout: 30_000, interval: 500 }).toMatch(/Linux \S+ 6\.\d+/);
    await app.screenshot('machines-uname');
  });

  it('pauses and resumes the VM from its toolbar', async () => {
    const { page } = app;
    await page.getByRole('toolbar').getByRole('button', { name: 'Pause' }).click();
    await expect.poll(async () => page.getByTestId('machine-list').innerText(), { timeout: 20_000 }).toContain('paused');
    await page.getByRole('toolbar').getByRole('button', { name: 'Resume' }).click();
    await expect.poll(async () => page.getByTestId('machine-list').innerText(), { timeout: 20_000 }).toContain('running');
  });

  it('finds the VM and its screen again after a reload', async () => {
    const { page } = app;
    await page.reload();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Machines', exact: true }).click();
    await expect.poll(async () => page.getByTestId('machine-list').innerText().catch(() => ''), { timeout: 20_000 }).toContain('running');
    const terminal = page.locator('.terminal-pane:not([hidden]) .xterm-rows');
    await expect.poll(async () => terminal.innerText(), { timeout: 20_000 }).toMatch(/Linux \S+ 6\.\d+/);
  });
});
