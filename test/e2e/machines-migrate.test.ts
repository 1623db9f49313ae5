import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from './support/webApp';

const hasQemu = await import('node:fs').then((fs) => fs.existsSync('/usr/bin/qemu-system-x86_64'));
const required = process.env.REQUIRE_QEMU === '1';

describe.skipIf(!hasQemu && !required)('Migrate to… follows the VM (one real QEMU guest)', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  const node = () => app.page.locator('.machine-details div').filter({ hasText: /^Node/ }).locator('dd').innerText();
  const menuItems = async (): Promise<string[]> => {
    await app.page.getByRole('button', { name: /Migrate to/ }).click();
    const menu = app.page.getByRole('menu', { name: /Migrate vm1 to/ });
    await menu.waitFor();
    return (await menu.getByRole('menuitem').allInnerTexts()).map((t) => t.trim());
  };

  it('offers every node but the one the VM is on, after each move', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Machines', exact: true }).click();
    await page.getByRole('button', { name: 'Boot a VM' }).click();
    // The first boot may build the guest image from Debian packages: allow for it.
    await expect.poll(async () => (await page.getByTestId('machine-list').innerText().catch(() => '')).includes('running'), { timeout: 150_000, interval: 1000 }).toBe(true);
    expect(await node()).toBe('node1');

    expect(await menuItems()).toEqual(['node2 (new)']);
    await app.screenshot('machines-migrate-menu-first');
    await page.getByRole('menuitem', { name: /node2/ }).click();
    await expect.poll(node, { timeout: 60_000 }).toBe('node2');
    await page.getByTestId('migration-result').filter({ hasText: 'node1 → node2' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByRole('button', { name: /Migrate to/ }).isEnabled(), { timeout: 30_000 }).toBe(true);

    // Second move from the keyboard: the menu focuses its first item, Enter picks it.
    expect(await menuItems()).toEqual(['node1', 'node3 (new)']);
    await app.screenshot('machines-migrate-menu-second');
    await page.keyboard.press('Enter');
    await expect.poll(node, { timeout: 60_000 }).toBe('node1');
    await page.getByTestId('migration-result').filter({ hasText: 'node2 → node1' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByRole('button', { name: /Migrate to/ }).isEnabled(), { timeout: 30_000 }).toBe(true);

    expect(await menuItems()).toEqual(['node2', 'node3 (new)']);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu').count()).resolves.toBe(0);

    // The guest kept running through both moves: its console still answers.
    await page.locator('.terminal-pane:not([hidden]) .vm-terminal').click();
    await page.keyboard.type('echo sum=$((40+2))\n');
    await expect.poll(() => page.locator('.terminal-pane:not([hidden]) .xterm-rows').innerText(), { timeout: 30_000 }).toContain('sum=42');
    await app.screenshot('machines-after-two-migrations');
  });
});
