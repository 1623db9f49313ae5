import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from './support/webApp';

/** QEMU pid files the app's backend still holds: one per live guest. */
function liveGuests(home: string): string[] {
  try {
    return readdirSync(path.join(home, 'run', 'qemu'));
  } catch {
    return [];
  }
}

describe('Run for real in the builder', () => {
  let app: WebApp;
  let page: Page;
  beforeAll(async () => {
    app = await startWebApp({ viewport: { width: 1440, height: 900 } });
    page = app.page;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Builder', exact: true }).click();
    await page.getByTestId('layer-N1').waitFor();
  });
  afterAll(async () => {
    if (app?.serverOutput().includes('[page errors]')) console.error(app.serverOutput());
    await app?.close();
  });

  it("boots the preset's two guests, runs their containers' apps and shows simulated beside measured", async () => {
    await page.getByRole('button', { name: 'Presets ▾' }).click();
    await page.getByRole('menuitem', { name: /Two KVM guests with containers, live-migrated/ }).click();
    await page.getByTestId('layer-vm2').waitFor();
    await page.getByRole('button', { name: 'Run for real', exact: true }).click();

    const panel = page.getByTestId('real-run');
    // Progress while the guests boot, and each layer's fate.
    await expect
      .poll(() => panel.innerText(), { timeout: 150_000, interval: 500 })
      .toMatch(/vm[12] on N[12]: (QEMU started|kernel booting|init running|network up|shell ready)/);
    await app.screenshot('real-run-booting');
    const table = panel.getByRole('table', { name: 'Simulated and measured' });
    await table.waitFor({ timeout: 240_000 });
    await app.screenshot('real-run-done');

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
