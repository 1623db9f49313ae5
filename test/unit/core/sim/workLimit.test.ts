import { describe, expect, it } from 'vitest';
import { createSimulation, DEFAULT_MAX_WORK, simulate, SimWorkLimitError, type SimStack } from '../../../../src/core/sim';
import { app, node, os, ssi, stack } from './simStacks';

/** The shape of issue 12's 589-byte stack: one custom job on a 3-node Kerrighed. */
function crowdedSsi(processes: number): SimStack {
  return stack([
    node('n1', 4),
    node('n2', 4),
    node('n3', 4),
    os('k1', 'n1'),
    os('k2', 'n2'),
    os('k3', 'n3'),
    ssi('ssi', ['k1', 'k2', 'k3']),
    app('job', 'ssi', 'custom', { processes, cpuSeconds: 100 }),
  ]);
}

describe('the work limit of a run', () => {
  it('stops a run that does more than maxWork, saying which apps to shrink', () => {
    // 3,000 processes on the SSI need about 7 M process updates.
    let error: unknown;
    try {
      simulate(crowdedSsi(3000), { maxWork: 2_000_000 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SimWorkLimitError);
    expect((error as Error).message).toMatch(
      /^the simulation stopped (while starting its processes|after \d+ events \([\d.]+ s simulated\)): it reached the work limit of a run \(2,000,000 process updates\)\. The stack has 3000 processes \(job: 3000 on ssi, a 3-member kerrighed SSI\); reduce processes or duration\.$/,
    );
  });

  it('counts events and process updates the same way on every run', () => {
    const run = (): number => {
      const sim = createSimulation(crowdedSsi(300), {});
      while (!sim.advance(1000));
      return sim.work;
    };
    const first = run();
    expect(first).toBeGreaterThan(0);
    expect(run()).toBe(first);
  });

  it("stops issue 12's 100,000 processes on a 3-node SSI while it places them, long before they would all run", () => {
    // Placing the n-th process re-rates the n/3 already on its member: n²/6 updates in all.
    expect(() => createSimulation(crowdedSsi(100_000), { maxWork: 20_000_000 })).toThrow(/while starting its processes.*100000 processes \(job: 100000 on ssi/);
  });

  it('leaves the default high enough for a scale stack: 512 nodes, 4,096 VMs, 32,768 processes for an hour', () => {
    const layers: SimStack['layers'] = [];
    for (let n = 0; n < 512; n++) {
      layers.push(node(`N${n}`, 8), { id: `x${n}`, kind: 'hypervisor', product: 'xen', technique: 'pv', on: [`N${n}`] });
      for (let v = 0; v < 8; v++) {
        layers.push(
          { id: `vm${n}_${v}`, kind: 'vm', vcpus: 1, memoryMiB: 1024, on: `x${n}` },
          os(`g${n}_${v}`, `vm${n}_${v}`),
          app(`a${n}_${v}`, `g${n}_${v}`, 'custom', { processes: 8, cpuSeconds: 200 + v * 10 }),
        );
      }
    }
    const sim = createSimulation(stack(layers), { durationS: 3600 });
    while (!sim.advance(50_000));
    expect(sim.progress.done).toBe(true);
    expect(sim.work).toBeLessThan(DEFAULT_MAX_WORK / 100);
  });
});
