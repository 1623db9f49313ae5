import { describe, expect, it } from 'vitest';
import { simulate, SimStackError } from '../../../../src/core/sim';
import { app, hyp, linuxNodes, node, os, ssi, stack, vm } from './simStacks';

const twoXenNodes = [
  node('N1'),
  node('N2'),
  hyp('x1', 'xen', 'pv', 'N1'),
  hyp('x2', 'xen', 'pv', 'N2'),
  vm('v1', 'x1'),
  vm('v2', 'x2'),
  os('g1', 'v1'),
  os('g2', 'v2'),
];

describe('fail', () => {
  it('kills the VMs on the failed node and what runs in them, and nothing else', () => {
    const r = simulate(
      stack(
        [...twoXenNodes, app('a1', 'g1', 'custom', { cpuSeconds: 50 }), app('a2', 'g2', 'custom', { cpuSeconds: 50 })],
        [{ at: 10, do: 'fail', target: 'N2' }],
      ),
    );
    expect(r.apps.a2?.killedAtS).toBe(10);
    expect(r.apps.a1?.killedAtS).toBeUndefined();
    expect(r.apps.a1?.makespanS).toBeCloseTo(50 * 1.03, 6);
    const fail = r.events.find((e) => e.type === 'node-fail');
    expect(fail?.message).toContain('v2 died with it');
    expect(r.events.filter((e) => e.type === 'app-killed').map((e) => e.target)).toEqual(['a2']);
  });

  it('kills an MPI job on an SSI when one of its ranks ran on the failed node, saying why', () => {
    const r = simulate(
      stack(
        [...linuxNodes(3), ssi('krg', ['os1', 'os2', 'os3']), app('mb', 'krg', 'mrbayes', { processes: 3, cpuSeconds: 60 })],
        [{ at: 5, do: 'fail', target: 'N3' }],
      ),
    );
    expect(r.apps.mb?.killedAtS).toBe(5);
    const killed = r.events.find((e) => e.type === 'app-killed');
    expect(killed?.message).toMatch(/ran on os3.*MPI job dies with any of its ranks/);
  });

  it('keeps Apache on an SSI alive when a non-home member fails: its parent respawns the workers elsewhere', () => {
    const r = simulate(
      stack([...linuxNodes(2), ssi('krg', ['os1', 'os2']), app('web', 'krg', 'apache', { requestsPerSecond: 50 })], [{ at: 20, do: 'fail', target: 'N2' }]),
    );
    expect(r.apps.web?.killedAtS).toBeUndefined();
    expect(r.apps.web?.throughputRps).toBeGreaterThan(45);
  });

  it('kills every SSI app whose home member failed, even with no process there', () => {
    const r = simulate(
      stack([...linuxNodes(2), ssi('krg', ['os1', 'os2']), app('web', 'krg', 'apache', { requestsPerSecond: 50 })], [{ at: 20, do: 'fail', target: 'N1' }]),
    );
    expect(r.apps.web?.killedAtS).toBe(20);
    expect(r.events.find((e) => e.type === 'app-killed')?.message).toContain('home member os1');
  });

  it('takes a whole vSMP machine down with any of its nodes', () => {
    const r = simulate(
      stack(
        [node('N1'), node('N2'), hyp('agg', 'vsmp', null, ['N1', 'N2']), os('big', 'agg'), app('a', 'big', 'custom', { processes: 4, cpuSeconds: 30 })],
        [{ at: 3, do: 'fail', target: 'N1' }],
      ),
    );
    expect(r.apps.a?.killedAtS).toBe(3);
    expect(r.events.find((e) => e.type === 'node-fail')?.message).toContain('N2 went down too');
  });
});

describe('other verbs', () => {
  it('delays an app by exactly the time its VM was suspended', () => {
    const base = [...twoXenNodes, app('a', 'g1', 'custom', { cpuSeconds: 40 })];
    const plain = simulate(stack(base)).apps.a?.makespanS ?? 0;
    const r = simulate(
      stack(base, [
        { at: 5, do: 'suspend', target: 'v1' },
        { at: 25, do: 'resume', target: 'v1' },
      ]),
    );
    expect(r.apps.a?.makespanS).toBeCloseTo(plain + 20, 6);
    expect(r.events.map((e) => e.type)).toEqual(['app-start', 'suspend', 'resume', 'app-finish']);
  });

  it('migrates SSI processes on request, paying freeze + address space / bandwidth + restore', () => {
    const r = simulate(
      stack(
        [...linuxNodes(2), ssi('krg', ['os1', 'os2']), app('c', 'krg', 'custom', { processes: 2, cpuSeconds: 100, memoryMiB: 512 })],
        [{ at: 1, do: 'migrate', target: 'c', to: 'os2', processes: 1 }],
      ),
    );
    const move = r.events.find((e) => e.type === 'process-migrate' && e.scheduler === 'scenario');
    expect(move).toMatchObject({ from: 'os1', to: 'os2' });
    // 512 MiB over 1 Gb/s (119.2 MiB/s) + 10 ms + 10 ms.
    expect(move?.durationMs as number).toBeCloseTo((512 / ((1000 * 1e6) / 8 / 2 ** 20) + 0.02) * 1000, 2);
  });

  it('restarts a killed SSI app from its checkpoint and finishes it', () => {
    const r = simulate(
      stack(
        [...linuxNodes(3), ssi('krg', ['os1', 'os2', 'os3']), app('mb', 'krg', 'mrbayes', { processes: 2, cpuSeconds: 100 })],
        [
          { at: 50, do: 'checkpoint', target: 'mb' },
          { at: 70, do: 'fail', target: 'N2' },
          { at: 80, do: 'restart', target: 'mb', to: 'os3' },
        ],
      ),
    );
    const types = r.events.map((e) => e.type);
    expect(types).toContain('checkpoint');
    expect(types).toContain('app-killed');
    expect(types).toContain('restart');
    expect(r.apps.mb?.killedAtS).toBeUndefined();
    // The work between the checkpoint and the failure is redone: it ends after 80 + (100 - ~50) s.
    expect(r.apps.mb?.makespanS).toBeGreaterThan(125);
  });

  it('rebalances onto a node added to the SSI', () => {
    const r = simulate(
      stack(
        [...linuxNodes(1), ssi('krg', ['os1']), app('c', 'krg', 'custom', { processes: 4, cpuSeconds: 100, memoryMiB: 64 })],
        [{ at: 10, do: 'add-node', layers: [node('N9'), os('os9', 'N9')], join: 'krg' }],
      ),
    );
    expect(r.events.some((e) => e.type === 'node-add')).toBe(true);
    expect(r.events.filter((e) => e.type === 'process-migrate' && e.to === 'os9').length).toBeGreaterThanOrEqual(1);
    expect(r.apps.c?.makespanS).toBeLessThan(200);
    expect(r.nodes.N9?.cpuUtil).toBeGreaterThan(0.5);
  });

  it('removes a node gracefully: SSI processes and VMs move first, nothing dies', () => {
    const r = simulate(
      stack(
        [...linuxNodes(3), ssi('krg', ['os1', 'os2', 'os3']), app('c', 'krg', 'custom', { processes: 3, cpuSeconds: 60, memoryMiB: 64 })],
        [{ at: 10, do: 'remove-node', target: 'N3' }],
      ),
    );
    expect(r.apps.c?.killedAtS).toBeUndefined();
    expect(r.apps.c?.makespanS).toBeDefined();
    expect(r.events.some((e) => e.type === 'process-migrate' && e.from === 'os3')).toBe(true);
    expect(r.events.find((e) => e.type === 'node-remove')?.message).toContain('removed after moving');
    const vms = simulate(stack([...twoXenNodes, app('a', 'g2', 'custom', { cpuSeconds: 60 })], [{ at: 10, do: 'remove-node', target: 'N2' }]));
    expect(vms.migrations.map((m) => m.target)).toEqual(['v2']);
    expect(vms.apps.a?.killedAtS).toBeUndefined();
  });

  it('carries an SSI member standing in a VM away by live migration when its node leaves (the seminar\'s "SSI on top of VMs")', () => {
    const r = simulate(
      stack(
        [
          node('N1'),
          node('N2', 4),
          hyp('x1', 'xen', 'pv', 'N1'),
          hyp('x2', 'xen', 'pv', 'N2'),
          vm('V1', 'x1'),
          vm('V2', 'x2'),
          ssi('krg', ['V1', 'V2']),
          app('mb', 'krg', 'mrbayes', { processes: 4, cpuSeconds: 60 }),
        ],
        [{ at: 10, do: 'remove-node', target: 'N1' }],
      ),
    );
    expect(r.migrations.map((m) => [m.target, m.to])).toEqual([['V1', 'x2']]);
    expect(r.events.some((e) => e.type === 'process-migrate' && e.from === 'V1')).toBe(false);
    expect(r.apps.mb?.makespanS).toBeDefined();
  });

  it('lets a later step name a node that add-node brought in', () => {
    const r = simulate(
      stack(
        [...linuxNodes(1), ssi('krg', ['os1']), app('c', 'krg', 'custom', { processes: 4, cpuSeconds: 100, memoryMiB: 64 })],
        [
          { at: 5, do: 'add-node', layers: [node('N9'), os('os9', 'N9')], join: 'krg' },
          { at: 30, do: 'fail', target: 'N9' },
        ],
      ),
    );
    expect(r.events.find((e) => e.type === 'node-fail')?.target).toBe('N9');
    expect(r.apps.c?.killedAtS).toBe(30);
  });

  it('refuses a scenario step whose target does not exist, naming the step', () => {
    expect(() => simulate(stack(linuxNodes(1), [{ at: 1, do: 'fail', target: 'nope' }]))).toThrow(SimStackError);
    expect(() => simulate(stack(linuxNodes(1), [{ at: 1, do: 'fail', target: 'os1' }]))).toThrow(/fail applies to a node/);
  });
});

describe('two stacked schedulers', () => {
  // Two SSI members on N1, one on N2: the SSI sees 6 CPUs where there are 4.
  const phantom = [
    node('N1'),
    node('N2'),
    os('h1', 'N1'),
    os('h2', 'N2'),
    hyp('k1', 'kvm', 'hw', 'h1'),
    hyp('k2', 'kvm', 'hw', 'h2'),
    vm('V1', 'k1'),
    vm('V2', 'k1'),
    vm('V3', 'k2'),
    ssi('krg', ['V1', 'V2', 'V3']),
    app('mb', 'krg', 'mrbayes', { processes: 4, cpuSeconds: 60 }),
  ];

  it('lets a hypervisor-aware balancer beat the oblivious one when members share a node', () => {
    const oblivious = simulate(stack(phantom), { balancer: 'oblivious' });
    const aware = simulate(stack(phantom), { balancer: 'hypervisor-aware' });
    expect(aware.apps.mb?.makespanS ?? Infinity).toBeLessThan((oblivious.apps.mb?.makespanS ?? 0) * 0.9);
    expect(oblivious.events[0]?.message).toContain('its hypervisor shares 2 cores among 3 busy vCPUs');
    expect(aware.events[0]?.message).toContain('hypervisor-aware SSI balancer placed');
  });
});
