import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBuilder, openView } from './support/steps';
import { useWebApp } from './support/webApp';

/** QEMU pid files the app's backend still holds: one per live guest. */
function liveGuests(home: string): string[] {
  try {
    return readdirSync(path.join(home, 'run', 'qemu'));
  } catch {
    return [];
  }
}

describe('Run for real in the builder', () => {
  const app = useWebApp({ viewport: { width: 1440, height: 900 } });
  let page: Page;
  beforeAll(async () => {
    page = app.page;
    await openBuilder(page);
  });

  it('marks each layer real or simulated, and offers the simulation for a stack with nothing real', async () => {
    await page.getByRole('button', { name: 'Presets ▾' }).click();
    await page.getByRole('menuitem', { name: 'Kerrighed upon Xen' }).click();
    await page.getByTestId('layer-App3').waitFor();
    const xen = page.getByTestId('real-mark-xen1');
    expect(await xen.innerText()).toBe('sim');
    expect(await xen.getAttribute('title')).toMatch(/^Xen is a Type I hypervisor that must boot the machine itself/);
    expect(await page.getByTestId('real-mark-App3').getAttribute('title')).toBe('It stands on Kerrighed, which is simulated.');

    await page.getByRole('button', { name: 'Run for real', exact: true }).click();
    const panel = page.getByTestId('real-run');
    await panel.getByText(/Nothing of this stack can run for real here/).waitFor({ timeout: 30_000 });
    await app.screenshot('real-run-nothing-real');
    await panel.getByRole('button', { name: 'Run the simulation instead' }).click();
    // The panel gives way to the simulator's, which runs the stack as written.
    await page.getByTestId('run-panel').waitFor({ timeout: 60_000 });
    expect(await panel.count()).toBe(0);
  });

  it("boots the preset's two guests, goes on while the student is in other views, and shows simulated beside measured", async () => {
    await page.getByRole('button', { name: 'Presets ▾' }).click();
    await page.getByRole('menuitem', { name: /Two KVM guests with containers, live-migrated/ }).click();
    await page.getByTestId('layer-vm2').waitFor();
    for (const id of ['N1', 'host1', 'kvm1', 'vm1', 'guest1', 'c1', 'phylo1']) expect(await page.getByTestId(`real-mark-${id}`).innerText()).toBe('real');
    expect(await page.getByTestId('real-mark-kvm1').getAttribute('title')).toMatch(/^Its VMs become QEMU processes on this host/);
    await app.screenshot('real-run-marks');
    await page.getByRole('button', { name: 'Run for real', exact: true }).click();

    const panel = page.getByTestId('real-run');
    // Progress while the guests boot, and each layer's fate.
    await expect
      .poll(() => panel.innerText(), { timeout: 150_000, interval: 500 })
      .toMatch(/vm[12] on N[12]: (QEMU started|kernel booting|init running|network up|shell ready)/);
    await app.screenshot('real-run-booting');

    // The run goes on in Lessons and Machines, the status bar says what it does, and leads back to it.
    await openView(page, 'Lessons');
    const status = page.getByTestId('real-run-status');
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/(Booting the guests|Starting the apps|Running for real)… · Builder/);
    await app.screenshot('real-run-status-lessons');
    await openView(page, 'Machines');
    await expect.poll(() => status.innerText(), { timeout: 120_000, interval: 500 }).toMatch(/(Starting the apps|Running for real)… · Builder/);
    await status.getByRole('button', { name: /· Builder$/ }).click();
    await panel.waitFor();

    const table = panel.getByRole('table', { name: 'Simulated and measured' });
    await table.waitFor({ timeout: 240_000 });
    await app.screenshot('real-run-done');
    // Once over, the status bar no longer shows it.
    expect(await status.count()).toBe(0);

    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    for (const [i, row] of rows.entries()) expect(row).toMatch(new RegExp(`phylo${i + 1}\\s+[\\d.]+ s\\s+[\\d.]+ s\\s+[\\d.]+×`));
    const migration = await panel.getByRole('table', { name: 'Migrations, model and QEMU' }).locator('tbody tr').innerText();
    expect(migration).toMatch(/vm1 N1 → N2\s+[\d.]+ \/ [\d.]+ s\s+[\d.]+ \/ [\d.]+ ms\s+[\d.]+ \/ [\d.]+ MiB/);
    expect(await panel.innerText()).toMatch(/Ran for real on \d+ host CPUs? \((TCG|KVM)\)/);
    // Every guest of the run is gone once it is over.
    expect(liveGuests(app.home)).toEqual([]);
  });
});
