import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../../src/backend/doctor/doctor';
import { VmService } from '../../../../src/backend/qemu/vmService';

const platform = process.platform;

describe('the doctor on Windows', () => {
  afterEach(() => Object.defineProperty(process, 'platform', { value: platform }));

  it('says real VMs need a POSIX host for now and what to do instead, and exits as not ok', async () => {
    Object.defineProperty(process, 'platform', { value: 'win32' });
    const home = path.join(os.tmpdir(), 'strata-doctor-win');
    const report = await runDoctor(new VmService({ home, recipeDir: home }), { home, appRoot: home, request: { vms: 1, memoryMiB: 256 } });
    expect(report.ok).toBe(false);
    expect(report.checks).toEqual([expect.objectContaining({ id: 'host', ok: false, required: true, fix: expect.stringContaining('WSL 2') })]);
    expect(Object.values(report.accelerators).every((a) => !a.usable)).toBe(true);
  });
});
