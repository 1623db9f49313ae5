import { describe, expect, it } from 'vitest';
import { openView, withoutQemu } from './support/steps';
import { useWebApp } from './support/webApp';

describe.skipIf(withoutQemu)('the Doctor panel', () => {
  const app = useWebApp();

  it('opens from the Machines view and says whether real VMs can run, with each check and its fix', async () => {
    const { page } = app;
    await openView(page, 'Machines');
    await page.getByRole('button', { name: 'Doctor', exact: true }).click();
    const doctor = page.getByRole('region', { name: 'Doctor' });
    await expect.poll(async () => doctor.getByRole('status').innerText(), { timeout: 90_000, interval: 500 }).toMatch(/Real VMs can run here \((TCG|KVM)\)/);
    const rows = await doctor.getByRole('listitem').allInnerTexts();
    expect(rows.map((r) => r.split(/\s+/)[1])).toEqual(['qemu', 'accelerator', 'nested', 'image', 'memory', 'disk', 'runtime', 'app']);
    expect(rows[0]).toMatch(/QEMU emulator version/);
    if (process.env.STRATA_EXPECT_KVM === 'unusable') expect(rows[1]).toMatch(/VMs run under TCG\. KVM unusable/);
    await app.screenshot('doctor');
    await doctor.getByRole('button', { name: 'Close the doctor' }).click();
    await expect.poll(async () => doctor.count()).toBe(0);
  });
});
