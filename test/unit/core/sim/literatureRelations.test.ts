import { describe, expect, it } from 'vitest';
import { simulate } from '../../../../src/core/sim';
import { app, hyp, linuxNodes, node, os, ssi, stack, vm } from './simStacks';

function makespan(s: ReturnType<typeof stack>, id = 'a'): number {
  const r = simulate(s).apps[id];
  if (r?.makespanS === undefined) throw new Error(`no makespan for ${id}: ${JSON.stringify(r)}`);
  return r.makespanS;
}

describe('relations the literature gives', () => {
  it('runs 8 MrBayes ranks on an SSI of 4 two-core nodes at least 3x faster than on one two-core node', () => {
    const onSsi = makespan(stack([...linuxNodes(4), ssi('krg', ['os1', 'os2', 'os3', 'os4']), app('a', 'krg', 'mrbayes', { processes: 8 })]));
    const onOne = makespan(stack([...linuxNodes(1), app('a', 'os1', 'mrbayes', { processes: 8 })]));
    expect(onOne / onSsi).toBeGreaterThanOrEqual(3);
    // And not more than the 4x the hardware allows.
    expect(onOne / onSsi).toBeLessThanOrEqual(4);
  });

  it('makes emulation (TCG) at least 3x slower than hardware-assisted virtualization on CPU-bound work', () => {
    const under = (product: string, technique: 'hw' | 'emulation') =>
      makespan(
        stack([
          node('N1'),
          os('host', 'N1'),
          hyp('h', product, technique, 'host'),
          vm('v', 'h'),
          os('g', 'v'),
          app('a', 'g', 'custom', { processes: 2, cpuSeconds: 100 }),
        ]),
      );
    const hw = under('kvm', 'hw');
    const tcg = under('qemu', 'emulation');
    expect(tcg / hw).toBeGreaterThanOrEqual(3);
    // Hardware-assisted stays within a few percent of native (Felter et al. 2015).
    const native = makespan(stack([node('N1'), os('host', 'N1'), app('a', 'host', 'custom', { processes: 2, cpuSeconds: 100 })]));
    expect(hw / native).toBeLessThan(1.05);
  });

  it('keeps a container on an SSI within 10% of the SSI alone', () => {
    const base = [...linuxNodes(4), ssi('krg', ['os1', 'os2', 'os3', 'os4'])];
    for (const workload of ['mrbayes', 'kernel-make'] as const) {
      const alone = makespan(stack([...base, app('a', 'krg', workload, { processes: 8 })]));
      const inContainer = makespan(stack([...base, { id: 'c', kind: 'container', product: 'lxc', on: 'krg' }, app('a', 'c', workload, { processes: 8 })]));
      expect(Math.abs(inContainer / alone - 1)).toBeLessThanOrEqual(0.1);
    }
  });

  it('orders the techniques: native ≤ hw ≤ pv ≤ bt < emulation on a mixed CPU and I/O workload', () => {
    const run = (product: string, technique: 'hw' | 'bt' | 'pv' | 'emulation') =>
      makespan(stack([node('N1'), hyp('h', product, technique, 'N1'), vm('v', 'h'), os('g', 'v'), app('a', 'g', 'kernel-make', { jobs: 2 })]));
    const native = makespan(stack([...linuxNodes(1), app('a', 'os1', 'kernel-make', { jobs: 2 })]));
    const hw = run('vmware-esx', 'hw');
    const pv = run('xen', 'pv');
    const bt = run('vmware-esx', 'bt');
    const tcg = run('vmware-esx', 'emulation');
    expect(native).toBeLessThan(hw);
    expect(pv).toBeLessThanOrEqual(hw);
    expect(hw).toBeLessThan(bt);
    expect(bt).toBeLessThan(tcg);
  });

  it('slows every VM when a hypervisor overcommits its cores', () => {
    const vms = (n: number) => {
      const layers = [node('N1', 2), hyp('x', 'xen', 'pv', 'N1')];
      for (let i = 0; i < n; i++) layers.push(vm(`v${i}`, 'x', 2), os(`g${i}`, `v${i}`), app(`a${i}`, `g${i}`, 'custom', { processes: 2, cpuSeconds: 50 }));
      return simulate(stack(layers));
    };
    const one = vms(1).apps.a0?.makespanS ?? 0;
    const two = vms(2);
    expect(two.apps.a0?.makespanS).toBeCloseTo(2 * one, 6);
    expect(two.apps.a1?.makespanS).toBeCloseTo(2 * one, 6);
  });
});

describe('VMs on a hypervisor that stands on an SSI', () => {
  it('spreads them over the members even when nothing else runs on the SSI', () => {
    const layers = [
      ...linuxNodes(3),
      ssi('krg', ['os1', 'os2', 'os3']),
      hyp('h', 'vmware-workstation', 'hw', 'krg'),
      vm('v1', 'h', 2),
      vm('v2', 'h', 2),
      os('g1', 'v1'),
      os('g2', 'v2'),
      app('a', 'g1', 'custom', { processes: 2, cpuSeconds: 100 }),
      app('b', 'g2', 'custom', { processes: 2, cpuSeconds: 100 }),
    ];
    const r = simulate(stack(layers));
    // Two 2-vCPU VMs on one 2-core member would take twice as long as on two members.
    expect(r.apps.a!.makespanS!).toBeLessThan(150);
    expect(r.apps.b!.makespanS!).toBeLessThan(150);
  });
});
