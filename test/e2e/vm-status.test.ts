import { describe, expect, it } from 'vitest';
import { cell, guestScreen, openLesson, openView, typeInGuest, withoutQemu } from './support/steps';
import { useWebApp } from './support/webApp';

/** The VM of lesson 00's vm cell first-vm, as the Machines view lists it. */
const VM = 'l00-first-vm';

describe.skipIf(withoutQemu)('status that follows one real QEMU guest: a waiting exercise, then Migrate to…', () => {
  const app = useWebApp({ viewport: { width: 1280, height: 800 } });

  const node = () => app.page.locator('.machine-details div').filter({ hasText: /^Node/ }).locator('dd').innerText();
  const menuItems = async (): Promise<string[]> => {
    await app.page.getByRole('button', { name: /Migrate to/ }).click();
    const menu = app.page.getByRole('menu', { name: `Migrate ${VM} to` });
    await menu.waitFor();
    return (await menu.getByRole('menuitem').allInnerTexts()).map((t) => t.trim());
  };

  it('an exercise waiting for a VM says so, and changes the moment the VM runs', async () => {
    const { page } = app;
    await openLesson(page, /Using Strata/);
    const exercise = page
      .locator('.cell-exercise')
      .filter({ has: page.getByRole('list', { name: 'VMs this exercise checks' }) })
      .first();
    await exercise.scrollIntoViewIfNeeded();
    const status = exercise.locator('.cell-status');
    await expect(status.innerText()).resolves.toBe('waiting for VM first-vm');
    await expect(exercise.getByRole('list', { name: 'VMs this exercise checks' }).innerText()).resolves.toContain('first-vm: not running');
    // Checked before booting: the VM predicate cannot be evaluated.
    await exercise.getByRole('button', { name: /Check/ }).click();
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toBe('Not yet');
    await app.screenshot('vm-status-exercise-waiting');

    const vm = cell(page, 'first-vm');
    await vm.scrollIntoViewIfNeeded();
    await vm.getByRole('button', { name: /Boot/ }).click();
    // The first boot may build the guest image from Debian packages: allow for it.
    await expect.poll(() => vm.locator('.cell-status').innerText(), { timeout: 150_000, interval: 1000 }).toMatch(/^running/);
    // Nothing else happens on the page: the exercise follows the VM by itself.
    await expect.poll(() => status.innerText(), { timeout: 10_000 }).toBe('VM running — check again');
    await expect(exercise.getByRole('list', { name: 'VMs this exercise checks' }).innerText()).resolves.toContain('first-vm: running');
    await exercise.scrollIntoViewIfNeeded();
    await app.screenshot('vm-status-exercise-vm-up');
  });

  it('Migrate to… offers every node but the one the VM is on, after each move', async () => {
    const { page } = app;
    await openView(page, 'Machines');
    await page
      .getByTestId('machine-list')
      .getByRole('button', { name: new RegExp(VM) })
      .click();
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
    await typeInGuest(page, 'echo sum=$((40+2))\n');
    await expect.poll(() => guestScreen(page).innerText(), { timeout: 30_000 }).toContain('sum=42');
    await app.screenshot('machines-after-two-migrations');
  });
});
