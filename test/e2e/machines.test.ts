import type { WebSocketRoute } from 'playwright-core';
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
      .poll(
        async () =>
          (
            await page
              .getByTestId('machine-list')
              .innerText()
              .catch(() => '')
          ).includes('running'),
        { timeout: 150_000, interval: 1000 },
      )
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
    await expect
      .poll(
        async () =>
          page
            .getByTestId('machine-list')
            .innerText()
            .catch(() => ''),
        { timeout: 20_000 },
      )
      .toContain('running');
    const terminal = page.locator('.terminal-pane:not([hidden]) .xterm-rows');
    await expect.poll(async () => terminal.innerText(), { timeout: 20_000 }).toMatch(/Linux \S+ 6\.\d+/);
  });

  it('drops the VM killed from another tab while its connection was down, once it reconnects', async () => {
    const { page } = app;
    // Playwright stands between the page and the server, so the test can cut the socket and hold reconnections back.
    const sockets: WebSocketRoute[] = [];
    let cut = false;
    await page.routeWebSocket(/\/api\?token=/, (ws) => {
      if (cut) return ws.close({ code: 1011, reason: 'cut by the test' });
      sockets.push(ws);
      ws.connectToServer();
    });
    await page.reload();
    const status = page.getByTestId('connection-status');
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('Web mode');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Machines', exact: true }).click();
    await expect
      .poll(
        async () =>
          page
            .getByTestId('machine-list')
            .innerText()
            .catch(() => ''),
        { timeout: 20_000 },
      )
      .toContain('running');

    cut = true;
    for (const ws of sockets) await ws.close({ code: 1011, reason: 'cut by the test' });
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('reconnecting');

    const other = await app.browser.newPage();
    try {
      await other.goto(app.url);
      await other.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Machines', exact: true }).click();
      await expect
        .poll(
          async () =>
            other
              .getByTestId('machine-list')
              .innerText()
              .catch(() => ''),
          { timeout: 20_000 },
        )
        .toContain('running');
      await other.getByRole('toolbar').getByRole('button', { name: 'Kill' }).click();
      await other.getByText('No VM is running').waitFor({ timeout: 30_000 });
    } finally {
      await other.close();
    }
    // Still down: the first tab shows the VM it last heard of.
    expect(await page.getByTestId('machine-list').innerText()).toContain('vm');

    cut = false;
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('Web mode');
    await page.getByText('No VM is running').waitFor({ timeout: 30_000 });
    // Whatever failed while the connection was down (the lesson list, when asked for then) is asked for again.
    await expect.poll(() => page.locator('body').innerText(), { timeout: 30_000 }).not.toContain('Could not list the lessons');
    await app.screenshot('machines-resynced');
  });
});
