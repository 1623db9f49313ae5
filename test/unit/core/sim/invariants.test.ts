import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate, SimResultSchema, type SimLayer } from '../../../../src/core/sim';
import { app, hyp, node, os, ssi, stack, vm } from './simStacks';

/** A random but valid stack: nodes, some with a hypervisor and VMs (overcommitted or not), an SSI over some kernels, custom and MrBayes apps. */
const randomStack = fc
  .record({
    nodes: fc.array(
      fc.record({
        cpus: fc.integer({ min: 1, max: 4 }),
        speed: fc.constantFrom(0.5, 1, 2),
        vms: fc.integer({ min: 0, max: 3 }),
        technique: fc.constantFrom('hw', 'pv', 'bt', 'emulation'),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    apps: fc.array(
      fc.record({ processes: fc.integer({ min: 1, max: 6 }), cpuSeconds: fc.integer({ min: 1, max: 40 }), mrbayes: fc.boolean(), target: fc.nat() }),
      { minLength: 1, maxLength: 5 },
    ),
    withSsi: fc.boolean(),
  })
  .map(({ nodes, apps, withSsi }) => {
    const layers: SimLayer[] = [];
    const kernels: string[] = [];
    nodes.forEach((n, i) => {
      layers.push(node(`N${i}`, n.cpus, { speed: n.speed }));
      if (n.vms === 0) {
        layers.push(os(`os${i}`, `N${i}`));
        kernels.push(`os${i}`);
        return;
      }
      layers.push(hyp(`h${i}`, n.technique === 'pv' ? 'xen' : 'vmware-esx', n.technique as 'hw', `N${i}`));
      for (let v = 0; v < n.vms; v++) {
        layers.push(vm(`v${i}_${v}`, `h${i}`, 2), os(`g${i}_${v}`, `v${i}_${v}`));
        kernels.push(`g${i}_${v}`);
      }
    });
    if (withSsi && kernels.length >= 2) {
      layers.push(ssi('krg', kernels.slice(0, 2)));
      kernels.push('krg');
    }
    apps.forEach((a, i) =>
      layers.push(
        app(`a${i}`, kernels[a.target % kernels.length] as string, a.mrbayes ? 'mrbayes' : 'custom', { processes: a.processes, cpuSeconds: a.cpuSeconds }),
      ),
    );
    return stack(layers);
  });

describe('simulator invariants', () => {
  it('never reports a CPU utilisation above 1, overall or in any series sample', () => {
    fc.assert(
      fc.property(randomStack, (s) => {
        const r = simulate(s, { seriesStepS: 5 });
        for (const n of Object.values(r.nodes)) expect(n.cpuUtil).toBeLessThanOrEqual(1);
        for (const n of Object.values(r.series?.nodes ?? {})) for (const u of n.cpuUtil) expect(u).toBeLessThanOrEqual(1);
        for (const a of Object.values(r.apps)) expect(a.makespanS).toBeGreaterThan(0);
        expect(SimResultSchema.safeParse(r).success).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('conserves work: busy core-seconds on a bare node equal the CPU-seconds the apps asked for', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ processes: fc.integer({ min: 1, max: 5 }), cpuSeconds: fc.integer({ min: 1, max: 50 }) }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        (apps, cpus) => {
          const layers: SimLayer[] = [node('N1', cpus), os('os1', 'N1')];
          apps.forEach((a, i) => layers.push(app(`a${i}`, 'os1', 'custom', a)));
          const r = simulate(stack(layers));
          const end = Math.max(...Object.values(r.apps).map((a) => a.makespanS ?? 0));
          const asked = apps.reduce((s, a) => s + a.processes * a.cpuSeconds, 0);
          const busy = (r.nodes.N1?.cpuUtil ?? 0) * cpus * end;
          expect(Math.abs(busy - asked) / asked).toBeLessThan(1e-3);
          // No app can beat its own critical path or the machine's capacity.
          expect(end).toBeGreaterThanOrEqual(Math.max(asked / cpus, ...apps.map((a) => a.cpuSeconds)) - 1e-6);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives byte-identical JSON for the same stack, seed and duration, and other latencies for another seed', () => {
    const s = stack(
      [
        node('N1', 2),
        node('N2', 2),
        os('os1', 'N1'),
        os('os2', 'N2'),
        ssi('krg', ['os1', 'os2']),
        app('web', 'krg', 'apache', { requestsPerSecond: 150 }),
        app('mb', 'krg', 'mrbayes', { processes: 3, cpuSeconds: 30 }),
      ],
      [{ at: 5, do: 'fail', target: 'N2' }],
    );
    const a = JSON.stringify(simulate(s, { seed: 7, durationS: 90, seriesStepS: 3 }));
    const b = JSON.stringify(simulate(s, { seed: 7, durationS: 90, seriesStepS: 3 }));
    const c = JSON.stringify(simulate(s, { seed: 8, durationS: 90, seriesStepS: 3 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('runs layers listed before what they stand on as the same stack listed bottom-up', () => {
    const bottomUp = [
      node('N1', 2),
      os('os1', 'N1'),
      hyp('h1', 'xen', 'pv', 'N1'),
      vm('v1', 'h1', 1),
      os('g1', 'v1'),
      app('a', 'g1', 'custom', { processes: 3 }),
    ];
    const [n1, os1, h1, v1, g1, a] = bottomUp as [SimLayer, SimLayer, SimLayer, SimLayer, SimLayer, SimLayer];
    const expected = JSON.stringify(simulate(stack(bottomUp), { seriesStepS: 1 }));
    expect(JSON.stringify(simulate(stack([n1, os1, a, g1, v1, h1]), { seriesStepS: 1 }))).toBe(expected);
  });

  it('stops at --duration and leaves unfinished apps without a makespan', () => {
    const r = simulate(stack([node('N1', 1), os('os1', 'N1'), app('a', 'os1', 'custom', { cpuSeconds: 100 })]), { durationS: 40, seriesStepS: 10 });
    expect(r.apps.a?.makespanS).toBeUndefined();
    expect(r.series?.t).toEqual([0, 10, 20, 30, 40]);
    expect(r.series?.apps.a?.progress.at(-1)).toBeCloseTo(0.4, 6);
  });
});
