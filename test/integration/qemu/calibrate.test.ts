import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Calibration } from '../../../src/api/calibrationApi';
import type { CliIO } from '../../../src/cli/cliCommand';
import { runCalibrate } from '../../../src/cli/calibrate';
import { main } from '../../../src/cli/main';
import { SimResultSchema, TECHNIQUE_COST } from '../../../src/core/sim';
import { skipWithoutQemu, testHome } from './qemuTestKit';

function capture(): CliIO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), interrupted: new Promise(() => {}), stdout: () => out, stderr: () => err };
}

/** QEMU processes of the calibration's guests (their overlay is named after the VM). */
function calibrationGuests(): number[] {
  return readdirSync('/proc')
    .filter((p) => {
      if (!/^\d+$/.test(p)) return false;
      try {
        const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
        return cmd.split('\0')[0]!.includes('qemu-system') && cmd.includes('/calibrate-');
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** One CPU-bound app in a QEMU-emulated guest: its makespan is 10 s of work times the emulation factor. */
const emulated = `name: one app under QEMU's emulation
layers:
  - { id: N1, kind: node, cpus: 1 }
  - { id: host, kind: os, on: N1 }
  - { id: qemu, kind: hypervisor, product: qemu, on: host }
  - { id: vm1, kind: vm, on: qemu }
  - { id: guest, kind: os, on: vm1 }
  - { id: loop, kind: app, workload: custom, cpuSeconds: 10, on: guest }
`;

describe.skipIf(skipWithoutQemu)('strata calibrate', () => {
  const home = testHome;
  let dir: string;
  afterAll(async () => {
    await rm(path.join(home, 'calibration.json'), { force: true });
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // A real TCG guest: boot, the CPU loop, memory writes and a live migration, on a loaded host.
  it('measures a real TCG guest, saves the figures, and the simulator follows them', { timeout: 600_000 }, async () => {
    const io = capture();
    expect(await runCalibrate(['--json'], io, home), io.stderr()).toBe(0);
    const printed = JSON.parse(io.stdout()) as Record<string, unknown>;
    expect(Object.keys(printed)).toEqual(['accelerators', 'processStartS', 'dirtyRateMiBps', 'migrationMiBps', 'savedTo']);
    expect(printed.savedTo).toBe(path.join(home, 'calibration.json'));
    const saved = Calibration.parse(JSON.parse(await readFile(path.join(home, 'calibration.json'), 'utf8')));
    expect({ ...saved, measuredAt: undefined }).toEqual({ ...printed, savedTo: undefined, measuredAt: undefined });
    const tcg = saved.accelerators.tcg?.emulationFactor ?? 0;
    // TCG translates every guest instruction: the same loop costs more host CPU than natively.
    expect(tcg).toBeGreaterThan(1);
    // A process start (fork and exec of a busybox applet) costs CPU on both sides, more in the guest.
    const nativeStart = saved.processStartS ?? 0;
    const tcgStart = saved.accelerators.tcg?.processStartS ?? 0;
    expect(nativeStart).toBeGreaterThan(0);
    expect(tcgStart).toBeGreaterThan(nativeStart);
    expect(io.stderr()).toMatch(/Starting a busybox applet 40 times in the guest under TCG/);
    expect(saved.dirtyRateMiBps).toBeGreaterThan(0);
    expect(saved.migrationMiBps).toBeGreaterThan(0);
    expect(io.stderr()).toMatch(/Live-migrating the guest to a second QEMU/);
    expect(calibrationGuests()).toEqual([]);

    dir = await mkdtemp(path.join(os.tmpdir(), 'strata-calibrated-'));
    const file = path.join(dir, 'emulated.stack.yaml');
    await writeFile(file, emulated);
    const makespan = async (figures: string): Promise<number> => {
      const run = capture();
      const saved = process.env.STRATA_HOME;
      process.env.STRATA_HOME = home;
      try {
        expect(await main(['simulate', file, '--json', '--figures', figures], run), run.stderr()).toBe(0);
      } finally {
        if (saved === undefined) delete process.env.STRATA_HOME;
        else process.env.STRATA_HOME = saved;
      }
      return SimResultSchema.parse(JSON.parse(run.stdout())).apps.loop?.makespanS ?? NaN;
    };
    const literature = await makespan('literature');
    const host = await makespan('host');
    // The literature counts no process start; this machine's figures count the app's one start, as measured in the guest.
    expect(literature).toBeCloseTo(10 * TECHNIQUE_COST.emulation.cpu, 3);
    expect(host).toBeCloseTo(10 * tcg + tcgStart, 3);
  });

  it('refuses an unknown option', async () => {
    const io = capture();
    expect(await runCalibrate(['--fast'], io, home)).toBe(2);
    expect(io.stderr()).toContain('unknown option --fast');
  });
});
