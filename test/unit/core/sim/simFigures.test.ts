import { describe, expect, it } from 'vitest';
import { costFigures, LITERATURE_FIGURES, simulate, TECHNIQUE_COST, type HostFigures } from '../../../../src/core/sim';
import { app, hyp, linuxNodes, node, os, stack, vm } from './simStacks';

const tcgOnly: HostFigures = { accelerators: { tcg: { emulationFactor: 37.5 } }, dirtyRateMiBps: 80, migrationMiBps: 900 };

describe('costFigures', () => {
  it('keeps the literature when no calibration is given', () => {
    expect(costFigures()).toBe(LITERATURE_FIGURES);
    expect(LITERATURE_FIGURES.technique).toBe(TECHNIQUE_COST);
    expect(LITERATURE_FIGURES.qemuMigrationCapMiBps).toBe(128);
    expect(LITERATURE_FIGURES.maxDirtyMiBpsPerVcpu).toBeUndefined();
  });

  it("maps TCG's factor onto technique emulation, CPU and I/O, and leaves the rest to the literature", () => {
    const f = costFigures(tcgOnly);
    expect(f.technique.emulation).toEqual({ cpu: 37.5, io: 37.5 });
    expect(f.technique.hw).toEqual(TECHNIQUE_COST.hw);
    expect(f.technique.bt).toEqual(TECHNIQUE_COST.bt);
    expect(f.technique.pv).toEqual(TECHNIQUE_COST.pv);
    expect(f.qemuMigrationCapMiBps).toBe(900);
    expect(f.maxDirtyMiBpsPerVcpu).toBe(80);
    expect(TECHNIQUE_COST.emulation).toEqual({ cpu: 10, io: 10 });
  });

  it("maps a hardware accelerator's factor onto the CPU part of technique hw", () => {
    expect(costFigures({ ...tcgOnly, accelerators: { kvm: { emulationFactor: 1.05 } } }).technique.hw).toEqual({ cpu: 1.05, io: TECHNIQUE_COST.hw.io });
    expect(costFigures({ ...tcgOnly, accelerators: { hvf: { emulationFactor: 1.2 } } }).technique.hw.cpu).toBe(1.2);
    expect(costFigures({ ...tcgOnly, accelerators: { kvm: { emulationFactor: 1.05 } } }).technique.emulation).toEqual(TECHNIQUE_COST.emulation);
  });

  it('counts no process start with the literature, and a measured start natively and per accelerator with host figures', () => {
    expect(LITERATURE_FIGURES.processStartS).toBe(0);
    expect(costFigures(tcgOnly).processStartS).toBe(0);
    const f = costFigures({ ...tcgOnly, processStartS: 0.001, accelerators: { tcg: { emulationFactor: 30, processStartS: 0.016 } } });
    expect(f.processStartS).toBe(0.001);
    expect(f.technique.emulation).toEqual({ cpu: 30, io: 30, start: 16 });
  });
});

describe('a run with host figures', () => {
  const emulated = stack([
    ...linuxNodes(1, 1),
    hyp('q', 'qemu', 'emulation', 'os1'),
    vm('v', 'q', 1),
    os('g', 'v'),
    app('a', 'g', 'custom', { cpuSeconds: 10 }),
  ]);

  it("follows the measured emulation factor: the emulated app's makespan scales with it", () => {
    const literature = simulate(emulated).apps.a?.makespanS ?? 0;
    const host = simulate(emulated, { figures: tcgOnly }).apps.a?.makespanS ?? 0;
    expect(literature).toBeCloseTo(10 * 10, 6);
    expect(host).toBeCloseTo(10 * 37.5, 6);
  });

  it('is byte-identical for the same figures and differs from the literature', () => {
    const a = JSON.stringify(simulate(emulated, { figures: tcgOnly, seed: 4 }));
    expect(JSON.stringify(simulate(emulated, { figures: tcgOnly, seed: 4 }))).toBe(a);
    expect(JSON.stringify(simulate(emulated, { seed: 4 }))).not.toBe(a);
  });

  it('charges each process start where it runs: a build of N objects pays 3 starts an object under emulation', () => {
    const build = (objects?: number): ReturnType<typeof stack> =>
      stack([
        ...linuxNodes(1, 1),
        hyp('q', 'qemu', 'emulation', 'os1'),
        vm('v', 'q', 1),
        os('g', 'v'),
        { ...app('b', 'g', 'kernel-make', { cpuSeconds: 10, jobs: 1 }), ...(objects ? { objects } : {}) },
      ]);
    const starts: HostFigures = { ...tcgOnly, processStartS: 0.001, accelerators: { tcg: { emulationFactor: 37.5, processStartS: 0.02 } } };
    const literature = simulate(build(40)).apps.b?.makespanS ?? 0;
    const noStarts = simulate(build(40), { figures: tcgOnly }).apps.b?.makespanS ?? 0;
    const withStarts = simulate(build(40), { figures: starts }).apps.b?.makespanS ?? 0;
    // Without a measured start, only the emulation factor changes: no start is counted.
    expect(noStarts / literature).toBeCloseTo(37.5 / 10, 6);
    // configure 2, 40 compiles of 3, 1 archive (directories of 50), a link of 3: 126 starts of 20 ms.
    expect(withStarts - noStarts).toBeCloseTo(126 * 0.02, 6);
  });

  it('migrates at the measured rate and caps a derived dirty rate at vCPUs × the measured dirtying', () => {
    const layers = [
      node('N1', 4),
      node('N2', 4),
      hyp('k1', 'kvm', 'hw', 'N1'),
      hyp('k2', 'kvm', 'hw', 'N2'),
      vm('v', 'k1', 2, 1024),
      os('g', 'v'),
      app('mk', 'g', 'custom', { processes: 2, cpuSeconds: 1000, dirtyRateMiBps: 100 }),
    ];
    const s = stack(layers, [{ at: 10, do: 'migrate', target: 'v', to: 'k2' }]);
    const slow: HostFigures = { accelerators: {}, dirtyRateMiBps: 5, migrationMiBps: 40 };
    const start = (r: ReturnType<typeof simulate>): Record<string, unknown> | undefined =>
      r.events.find((e) => e.type === 'migrate-start') as Record<string, unknown> | undefined;
    const lit = start(simulate(s));
    expect(lit?.rateMiBps).toBe(119.209);
    expect(lit?.dirtyRateMiBps).toBe(100);
    const host = start(simulate(s, { figures: slow }));
    expect(host?.rateMiBps).toBe(40);
    expect(host?.dirtyRateMiBps).toBe(10);
  });
});
