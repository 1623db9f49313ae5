import { describe, expect, it } from 'vitest';
import { openView, runningVms, withoutQemu } from './support/steps';
import { useWebApp } from './support/webApp';

describe.skipIf(withoutQemu)('Machines view: a process migrated between two real guests with CRIU', () => {
  const app = useWebApp({ viewport: { width: 1440, height: 1000 } });

  it(
    'deploys two guests with CRIU, migrates the counter picked in the list with Migrate process…, checkpoints and restarts a CPU loop, and lists the cluster’s processes',
    { timeout: 1_200_000 },
    async () => {
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

      // A CPU loop beside it: starting it picks it, so the student picks the counter in the list again.
      await panel.getByRole('button', { name: 'Start CPU loop' }).click();
      const loopRow = panel.getByRole('row').filter({ hasText: '/bin/cpuloop' });
      await expect.poll(async () => loopRow.getAttribute('aria-selected').catch(() => null), { timeout: 120_000, interval: 1000 }).toBe('true');
      await counterRow.getByRole('radio').click();
      await expect.poll(async () => counterRow.getAttribute('aria-selected'), { timeout: 10_000 }).toBe('true');
      expect(await loopRow.getAttribute('aria-selected')).toBe('false');

      await panel.getByRole('button', { name: 'Migrate process…' }).click();
      await page.getByRole('menu', { name: 'Migrate the process to' }).getByRole('menuitem', { name: /vm2/ }).click();
      const result = panel.getByTestId('process-migration-result');
      await expect
        .poll(async () => result.innerText().catch(() => ''), { timeout: 300_000, interval: 2000 })
        .toMatch(new RegExp(`Cluster PID ${cpid} moved vm1 → vm2: .*it went on`));

      await app.screenshot('machines-process-migrated');
      // The loop stayed in vm1: the picked process moved, not the one started last.
      const loopCpid = (await loopRow.locator('td').first().innerText()).trim();
      expect(await loopRow.locator('td').nth(2).innerText()).toBe('vm1');

      // Kerrighed's checkpoint service: the loop is saved and stops, then restarts from where it was.
      await loopRow.getByRole('radio').click();
      const loopBefore = Number(await loopRow.locator('td').nth(4).innerText());
      await panel.getByRole('button', { name: 'Checkpoint process' }).click();
      const saved = panel.getByRole('list', { name: 'Checkpoints' });
      await expect
        .poll(async () => saved.innerText().catch(() => ''), { timeout: 300_000, interval: 2000 })
        .toContain(`Checkpoint of cluster PID ${loopCpid} in vm1`);
      const rowsOfVm = panel.locator('tbody');
      await expect.poll(async () => rowsOfVm.innerText(), { timeout: 60_000, interval: 2000 }).not.toContain('/bin/cpuloop');
      await app.screenshot('machines-process-checkpointed');
      await saved.getByRole('button', { name: 'Restart process' }).click();
      const restartedProgress = async (): Promise<number> =>
        Number(
          new RegExp(`(?:^|\\s)${loopCpid}\\s+node \\d+\\s+vm1\\s+\\d+\\s+(\\d+)\\s+/bin/sh /bin/cpuloop`).exec(
            await rowsOfVm.innerText().catch(() => ''),
          )?.[1] ?? -1,
        );
      await expect.poll(restartedProgress, { timeout: 300_000, interval: 2000 }).toBeGreaterThanOrEqual(loopBefore);
      const restartedAt = await restartedProgress();
      await expect.poll(restartedProgress, { timeout: 120_000, interval: 2000 }).toBeGreaterThan(restartedAt);
      expect(await saved.count()).toBe(0);
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
    },
  );
});
