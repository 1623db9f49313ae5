import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBuilder, openView } from './support/steps';
import { useWebApp } from './support/webApp';

/** The makespan of App1 as the run's table shows it, in seconds. */
async function makespan(page: Page): Promise<number> {
  const row = page.getByTestId('run-panel').locator('table.run-summary tr', { hasText: 'App1' });
  const text = await row.locator('td').nth(1).innerText();
  return Number(/([\d.]+) s/.exec(text)?.[1]);
}

/** Runs the builder's stack with the mouse and waits for its result. */
async function run(page: Page, figures: RegExp): Promise<number> {
  await page.getByRole('button', { name: '▶ Run', exact: true }).click();
  await expect
    .poll(
      () =>
        page
          .getByTestId('run-figures')
          .innerText()
          .catch(() => ''),
      { timeout: 60_000 },
    )
    .toMatch(figures);
  return makespan(page);
}

describe("the builder's switch to this machine's figures", () => {
  const app = useWebApp();
  let page: Page;
  beforeAll(async () => {
    page = app.page;
    await openBuilder(page);
  });

  it('is disabled, saying to run strata calibrate, until this machine is calibrated', async () => {
    const toggle = page.getByRole('switch', { name: "This machine's figures" });
    await expect.poll(() => page.getByTestId('figures-switch').getAttribute('title'), { timeout: 30_000 }).toContain('run strata calibrate');
    expect(await toggle.isDisabled()).toBe(true);
    expect(await page.getByTestId('figures-switch').getAttribute('title')).toContain(path.join(app.home, 'calibration.json'));
    await page.getByTestId('figures-switch').hover();
    await app.screenshot('figures-switch-disabled');
  });

  it('runs a QEMU-emulated app with the measured factor once chosen, and says which figures a run used', async () => {
    await writeFile(
      path.join(app.home, 'calibration.json'),
      JSON.stringify({ accelerators: { tcg: { emulationFactor: 25 } }, dirtyRateMiBps: 900, migrationMiBps: 250, measuredAt: '2026-12-01T10:00:00.000Z' }),
    );
    // A student who has just run `strata calibrate` comes back to the app and reloads it.
    await page.reload();
    await openView(page, 'Builder');
    await page.getByRole('button', { name: 'Presets ▾' }).click();
    await page.getByRole('menuitem', { name: /QEMU inside VMware/ }).click();
    await page.getByTestId('layer-App1').waitFor();
    const toggle = page.getByRole('switch', { name: "This machine's figures" });
    await expect.poll(() => toggle.isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByTestId('figures-switch').getAttribute('title')).toMatch(
      /TCG 25× native; memory dirtied at 900 MiB\/s, live migration at 250 MiB\/s/,
    );
    const literature = await run(page, /literature's figures/);
    await toggle.click();
    expect(await toggle.isChecked()).toBe(true);
    const host = await run(page, /this machine's figures/);
    // Everything App1 runs passes through QEMU's emulation: the makespan follows the factor, 25 against the literature's 10.
    expect(host / literature).toBeCloseTo(2.5, 2);
    await app.screenshot('figures-switch-host-run');
    await toggle.click();
    expect(await run(page, /literature's figures/)).toBe(literature);
  });
});
