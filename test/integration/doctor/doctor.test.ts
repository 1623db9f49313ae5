import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoctorReport } from '../../../src/api/doctorApi';
import { skipWithoutQemu } from '../qemu/qemuTestKit';

const run = promisify(execFile);
const strata = path.resolve(import.meta.dirname, '../../../bin/strata.mjs');

async function doctor(env: NodeJS.ProcessEnv): Promise<{ code: number; report: DoctorReport }> {
  const result = await run(process.execPath, [strata, 'doctor', '--json'], { env }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
  );
  return { code: result.code, report: DoctorReport.parse(JSON.parse(result.stdout)) };
}

describe('strata doctor', () => {
  let home = '';
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'strata-doctor-'));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it.skipIf(skipWithoutQemu)('reports each accelerator of this OS probed within its time limit, TCG usable, and exits 0', { timeout: 120_000 }, async () => {
    const { code, report } = await doctor({ ...process.env, STRATA_HOME: home });
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.accelerators.tcg).toEqual({ usable: true });
    expect(report.accelerators.hvf.why).toMatch(/macOS/);
    expect(report.checks.find((c) => c.id === 'qemu')).toMatchObject({ ok: true, detail: expect.stringMatching(/QEMU emulator version \d+/) });
    // On CI's machine /dev/kvm exists but cannot run guests: the probe must say so instead of
    // hanging. Some machines of the same kind have no /dev/kvm at all: then it must say that.
    if (process.env.STRATA_EXPECT_KVM === 'unusable') {
      expect(report.accelerators.kvm.usable).toBe(false);
      expect(report.accelerators.kvm.why).toMatch(existsSync('/dev/kvm') ? /KVM/ : /there is no \/dev\/kvm/);
      expect(report.accel).toBe('tcg');
    }
    // The choice is remembered for the next start.
    const again = await doctor({ ...process.env, STRATA_HOME: home });
    expect(again.report.accel).toBe(report.accel);
  });

  it('says QEMU is missing, with the command that installs it, and exits 1', async () => {
    const { code, report } = await doctor({ ...process.env, STRATA_HOME: home, PATH: '/nonexistent' });
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.id === 'qemu')).toMatchObject({ ok: false, required: true, fix: expect.stringContaining('apt-get install') });
    expect(report.accelerators.tcg.usable).toBe(false);
  });
});
