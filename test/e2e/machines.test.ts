import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootVm, guestScreen, interruptibleConnection, machineList, openView, runningVms, typeInGuest, withoutQemu } from './support/steps';
import { screenshotDir, useWebApp } from './support/webApp';

describe.skipIf(withoutQemu)('Machines view with a real QEMU guest', () => {
  const app = useWebApp();

  it('boots a VM from the UI and answers `uname -a` typed into its terminal', async () => {
    const { page } = app;
    await bootVm(page);
    await typeInGuest(page, 'uname -a\n');
    await expect.poll(async () => guestScreen(page).innerText(), { timeout: 30_000, interval: 500 }).toMatch(/Linux \S+ 6\.\d+/);
    await app.screenshot('machines-uname');
  });

  it('pauses and resumes the VM from its toolbar', async () => {
    const { page } = app;
    await page.getByRole('toolbar').getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => machineList(page), { timeout: 20_000 }).toContain('paused');
    await page.getByRole('toolbar').getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => machineList(page), { timeout: 20_000 }).toContain('running');
  });

  it('finds the VM and its screen again after a reload', async () => {
    const { page } = app;
    await page.reload();
    await openView(page, 'Machines');
    await runningVms(page, 1, 20_000);
    await expect.poll(async () => guestScreen(page).innerText(), { timeout: 20_000 }).toMatch(/Linux \S+ 6\.\d+/);
  });

  it('lets a flood run on while a second tab on the VM is frozen in the background, and redraws that tab when it wakes', async () => {
    const { page } = app;
    const other = await app.browser.newPage();
    try {
      await other.goto(app.url);
      await openView(other, 'Machines');
      await runningVms(other, 1, 20_000);
      await expect.poll(async () => guestScreen(other).innerText(), { timeout: 20_000 }).toMatch(/Linux \S+ 6\.\d+/);
      // What Chromium does to a tab in the background: its scripts stop, so its terminal
      // neither draws nor acknowledges.
      const cdp = await other.context().newCDPSession(other);
      await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });

      await typeInGuest(page, "head -c 2000000 /dev/zero | tr '\\0' x; echo; echo flood-$((6*7))\n");
      await expect.poll(async () => guestScreen(page).innerText(), { timeout: 90_000, interval: 500 }).toContain('flood-42');

      await cdp.send('Page.setWebLifecycleState', { state: 'active' });
      await expect.poll(async () => guestScreen(other).innerText(), { timeout: 30_000, interval: 500 }).toContain('flood-42');
      await other.screenshot({ path: path.join(screenshotDir, 'machines-woken-tab.png') });
    } finally {
      await other.close();
    }
  });

  it('drops the VM killed from another tab while its connection was down, once it reconnects', async () => {
    const { page } = app;
    const connection = await interruptibleConnection(page);
    await openView(page, 'Machines');
    await runningVms(page, 1, 20_000);

    await connection.cut();

    const other = await app.browser.newPage();
    try {
      await other.goto(app.url);
      await openView(other, 'Machines');
      await runningVms(other, 1, 20_000);
      await other.getByRole('toolbar').getByRole('button', { name: 'Kill' }).click();
      await other.getByText('No VM is running').waitFor({ timeout: 30_000 });
    } finally {
      await other.close();
    }
    // Still down: the first tab shows the VM it last heard of.
    expect(await page.getByTestId('machine-list').innerText()).toContain('vm');

    await connection.restore();
    await page.getByText('No VM is running').waitFor({ timeout: 30_000 });
    // Whatever failed while the connection was down (the lesson list, when asked for then) is asked for again.
    await expect.poll(() => page.locator('body').innerText(), { timeout: 30_000 }).not.toContain('Could not list the lessons');
    await app.screenshot('machines-resynced');
  });
});
