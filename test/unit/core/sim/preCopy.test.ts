import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closedFormPreCopy, planPreCopy, QEMU_POLICY, simulate, XEN_POLICY } from '../../../../src/core/sim';
import { mbpsToMiBps } from '../../../../src/core/sim/costModel';
import { RESUME_S } from '../../../../src/core/sim/preCopy';
import { app, hyp, node, os, stack, vm } from './simStacks';

describe('pre-copy live migration', () => {
  it("matches Liu et al.'s closed form round by round whenever λ < 1", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 16384 }),
        fc.double({ min: 10, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        (ram, rate, lambda) => {
          const policy = { downtimeLimitS: 0.3, maxRounds: 30, autoConverge: false };
          const plan = planPreCopy(ram, rate, lambda * rate, policy);
          const closed = closedFormPreCopy(ram, rate, lambda * rate, rate * 0.3, 30);
          expect(plan.rounds.length).toBe(closed.rounds);
          expect(plan.totalS).toBeCloseTo(closed.totalS, 6);
          expect(plan.downtimeS).toBeCloseTo(closed.downtimeS, 6);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reproduces SimGrid's figure: 256 MB at 100 MB/s with no dirtying takes 2.56 s", () => {
    const mb = 1e6 / 2 ** 20;
    const plan = planPreCopy(256 * mb, 100 * mb, 0, { downtimeLimitS: 0.03, maxRounds: 30, autoConverge: false });
    expect(plan.totalS - RESUME_S).toBeCloseTo(2.56, 6);
  });

  it('caps QEMU at 128 MiB/s and throttles a guest that dirties faster than the link', () => {
    const plan = planPreCopy(1024, 1000, 300, QEMU_POLICY);
    expect(plan.rateMiBps).toBe(128);
    expect(plan.throttled).toBe(true);
    expect(plan.downtimeS).toBeLessThanOrEqual(0.3 + RESUME_S + 1e-9);
  });

  it('stops Xen after 30 rounds or 3x the RAM even when it never converges', () => {
    const plan = planPreCopy(1024, 100, 150, XEN_POLICY);
    expect(plan.rounds.length).toBeLessThanOrEqual(30);
    expect(plan.sentMiB).toBeLessThanOrEqual(3 * 1024 + 1024);
    expect(plan.stopReason).not.toBe('converged');
  });

  it("reports in the simulation the closed form's total time, downtime and rounds for a KVM guest on the LAN", () => {
    const ram = 2048;
    const dirty = 40;
    const s = stack(
      [
        node('N1'),
        node('N2'),
        os('h1', 'N1'),
        os('h2', 'N2'),
        hyp('k1', 'kvm', 'hw', 'h1'),
        hyp('k2', 'kvm', 'hw', 'h2'),
        vm('v', 'k1', 2, ram, dirty),
        os('g', 'v'),
        app('a', 'g', 'custom', { processes: 2, cpuSeconds: 200 }),
      ],
      [{ at: 10, do: 'migrate', target: 'v', to: 'N2' }],
    );
    const r = simulate(s);
    const rate = Math.min(mbpsToMiBps(1000), 128);
    const closed = closedFormPreCopy(ram, rate, dirty, rate * 0.3, QEMU_POLICY.maxRounds);
    expect(r.migrations).toHaveLength(1);
    const m = r.migrations[0];
    expect(m).toMatchObject({ target: 'v', from: 'k1', to: 'k2', startS: 10, ramMiB: ram, rounds: closed.rounds });
    expect(m?.totalS).toBeCloseTo(closed.totalS, 5);
    expect(m?.downtimeMs).toBeCloseTo(closed.downtimeS * 1000, 2);
    const types = r.events.filter((e) => e.target === 'v').map((e) => e.type);
    expect(types[0]).toBe('migrate-start');
    expect(types.filter((t) => t === 'migrate-round')).toHaveLength(closed.rounds);
    expect(types.at(-1)).toBe('migrate-end');
    // The app kept running through the move, slowed (10 % during pre-copy) and paused only for the downtime.
    const alone = simulate(stack(s.layers)).apps.a?.makespanS ?? 0;
    const moved = r.apps.a?.makespanS ?? 0;
    expect(moved).toBeGreaterThan(alone);
    expect(moved - alone).toBeLessThan(0.1 * closed.totalS + closed.downtimeS + 1e-6);
  });

  it("splits a node's link between migrations that leave it at the same time", () => {
    const layers = [
      node('N1', 4),
      node('N2', 4),
      hyp('x1', 'xen', 'pv', 'N1'),
      hyp('x2', 'xen', 'pv', 'N2'),
      vm('a', 'x1', 1, 1024, 0),
      vm('b', 'x1', 1, 1024, 0),
    ];
    const one = simulate(stack(layers, [{ at: 0, do: 'migrate', target: 'a', to: 'x2' }])).migrations[0]?.totalS ?? 0;
    const two = simulate(
      stack(layers, [
        { at: 0, do: 'migrate', target: 'a', to: 'x2' },
        { at: 0, do: 'migrate', target: 'b', to: 'x2' },
      ]),
    ).migrations;
    expect(two[0]?.totalS).toBeCloseTo(one, 6);
    expect(two[1]?.totalS).toBeGreaterThan(1.9 * one);
  });

  it('moves the app with its VM: after migrating to an idle node it stops sharing cores', () => {
    const layers = [
      node('N1', 2),
      node('N2', 2),
      hyp('x1', 'xen', 'pv', 'N1'),
      hyp('x2', 'xen', 'pv', 'N2'),
      vm('v1', 'x1', 2, 512, 0),
      vm('v2', 'x1', 2, 512, 0),
      os('g1', 'v1'),
      os('g2', 'v2'),
      app('a', 'g1', 'custom', { processes: 2, cpuSeconds: 100 }),
      app('b', 'g2', 'custom', { processes: 2, cpuSeconds: 100 }),
    ];
    const stay = simulate(stack(layers));
    const moved = simulate(stack(layers, [{ at: 0, do: 'migrate', target: 'v2', to: 'x2' }]));
    expect(moved.apps.a?.makespanS ?? 0).toBeLessThan((stay.apps.a?.makespanS ?? 0) * 0.6);
    expect(moved.nodes.N2?.cpuUtil).toBeGreaterThan(0.5);
  });
});
