import { describe, expect, it } from 'vitest';
import { openView, runningVms, withoutQemu } from './support/steps';
import { useWebApp } from './support/webApp';

describe.skipIf(withoutQemu)('Machines view: a process migrated between two real guests with CRIU', () => {
  const app = useWebApp({ viewport: { width: 1440, height: 1000 } });

  it('deploys two guests with CRIU, starts a counter, migrates it with Migrate process… and lists the cluster’s processes', { timeout: 900_000 }, async () => {
    const { page } = app;
    await openView(page, 'Machines');
    await page.getByRole('checkbox', { name: 'with CRIU' }).click();
    await page.getByRole('spinbutton', { name: 'Number of VMs' }).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await page.getByRole('button', { name: 'Deploy cluster' }).click();
    // The first deploy builds the guest image and the criu pack from Debian packages.
    await runningVms(page, 2, 600_000);

    const panel = page.getByRole('region', { name: /Processes of vm1/ });
    await panel.getByRole('button', { name: 'Start counter' }).click();
    const counterRow = panel.getByRole('row').filter({ hasText: '/bin/counter' });
    await expect
      .poll(
        async () =>
          Number(
            (await counterRow
              .locator('td')
              .nth(4)
              .innerText()
              .catch(() => '0')) || 0,
          ),
        { timeout: 120_000, interval: 2000 },
      )
      .toBeGreaterThan(2);
    const cpid = (await counterRow.locator('td').first().innerText()).trim();

    await panel.getByRole('button', { name: 'Migrate process…' }).click();
    await page.getByRole('menu', { name: 'Migrate the process to' }).getByRole('menuitem', { name: /vm2/ }).click();
    const result = panel.getByTestId('process-migration-result');
    await expect
      .poll(async () => result.innerText().catch(() => ''), { timeout: 300_000, interval: 2000 })
      .toMatch(new RegExp(`Cluster PID ${cpid} moved vm1 → vm2: .*it went on`));

    await app.screenshot('machines-process-migrated');
    await panel.getByRole('checkbox', { name: 'Cluster-wide' }).click();
    const rows = panel.locator('tbody');
    await expect
      .poll(async () => rows.innerText().catch(() => ''), { timeout: 180_000, interval: 2000 })
      .toMatch(new RegExp(`${cpid}\\s+node \\d+\\s+vm2\\s+\\d+\\s+\\d+\\s+/bin/sh /bin/counter`));
    await expect.poll(async () => rows.innerText().catch(() => ''), { timeout: 60_000, interval: 2000 }).toMatch(/\svm1\s/);
    const guests = await panel.locator('tbody tr td:nth-child(3)').allInnerTexts();
    expect(new Set(guests)).toEqual(new Set(['vm1', 'vm2']));
    const cpids = await panel.locator('tbody tr td:first-child').allInnerTexts();
    expect(new Set(cpids).size).toBe(cpids.length);
    await app.screenshot('machines-process-migration');
  });
});
