import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from './support/webApp';

const hasQemu = await import('node:fs').then((fs) => fs.existsSync('/usr/bin/qemu-system-x86_64'));
const required = process.env.REQUIRE_QEMU === '1';

describe.skipIf(!hasQemu && !required)('the cold boot setting of the Machines view', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('boots a VM from its kernel when ticked, says start: cold, and is remembered after a reload', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Machines', exact: true }).click();
    const cold = page.getByRole('checkbox', { name: 'cold boot' });
    expect(await cold.isChecked()).toBe(false);
    await cold.click();
    await page.getByRole('button', { name: 'Boot a VM' }).click();
    const details = page.locator('.machine-details');
    await expect.poll(async () => details.innerText().catch(() => ''), { timeout: 180_000, interval: 1000 }).toContain('start: cold');
    await expect.poll(async () => details.innerText(), { timeout: 20_000, interval: 1000 }).toMatch(/\d+ MiB resident, \d+ MiB its share/);
    await app.screenshot('machines-cold-boot');
    await page.reload();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Machines', exact: true }).click();
    expect(await page.getByRole('checkbox', { name: 'cold boot' }).isChecked()).toBe(true);
  });
});
