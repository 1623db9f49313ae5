import { describe, expect, it } from 'vitest';
import { checkStack, type Stack } from '../../../../src/core/stack';
import { layoutStack, LAYER_WIDTH } from '../../../../src/renderer/features/builder/model/stackLayout';
import { layerAt, stackToFlow, type FlowDecorations } from '../../../../src/renderer/features/builder/model/stackToFlow';
import { stackOf } from './fixtures/stackOf';

const containersOnSsi = stackOf(`
name: Containers on top of an SSI
layers:
  - { id: N1, kind: node, cpus: 2 }
  - { id: N2, kind: node, cpus: 2 }
  - { id: os1, kind: os, on: N1 }
  - { id: os2, kind: os, on: N2 }
  - { id: ssi, kind: ssi, on: [os1, os2] }
  - { id: c1, kind: container, on: ssi }
  - { id: c2, kind: container, on: ssi }
  - { id: app1, kind: app, workload: mrbayes, on: c1 }
`);

const typeOne = stackOf(`
name: Type I
layers:
  - { id: N0, kind: node }
  - { id: xen, kind: hypervisor, product: xen, on: N0 }
  - { id: VM0, kind: vm, on: xen }
  - { id: VM1, kind: vm, on: xen }
  - { id: VM2, kind: vm, on: xen }
`);

function decorations(stack: Stack, extra: Partial<FlowDecorations> = {}): FlowDecorations {
  return { classes: checkStack(stack).classes, findings: [], selected: new Set(), moved: new Map(), ...extra };
}

describe('laying a stack out bottom-up', () => {
  it('puts hardware on the bottom row and every layer above what it stands on', () => {
    const { boxes } = layoutStack(containersOnSsi);
    const y = (id: string): number => boxes.get(id)!.y;
    expect(y('N1')).toBe(y('N2'));
    expect(y('os1')).toBeLessThan(y('N1'));
    expect(y('ssi')).toBeLessThan(y('os1'));
    expect(y('c1')).toBeLessThan(y('ssi'));
    expect(y('app1')).toBeLessThan(y('c1'));
  });

  it('draws an SSI as a band spanning all its members', () => {
    const { boxes } = layoutStack(containersOnSsi);
    const ssi = boxes.get('ssi')!;
    const os1 = boxes.get('os1')!;
    const os2 = boxes.get('os2')!;
    expect(ssi.x).toBeLessThanOrEqual(os1.x);
    expect(ssi.x + ssi.width).toBeGreaterThanOrEqual(os2.x + os2.width);
  });

  it('makes a node as wide as the VMs its hypervisor runs, as on the slides', () => {
    const { boxes } = layoutStack(typeOne);
    const node = boxes.get('N0')!;
    const vms = ['VM0', 'VM1', 'VM2'].map((id) => boxes.get(id)!);
    expect(node.width).toBeGreaterThanOrEqual(3 * LAYER_WIDTH);
    for (const vm of vms) {
      expect(vm.x).toBeGreaterThanOrEqual(node.x);
      expect(vm.x + vm.width).toBeLessThanOrEqual(node.x + node.width);
    }
  });

  it('never lets two boxes of a row overlap', () => {
    const stack = stackOf(`
name: Container beside an SSI on the same OS
layers:
  - { id: N1, kind: node }
  - { id: N2, kind: node }
  - { id: os1, kind: os, on: N1 }
  - { id: os2, kind: os, on: N2 }
  - { id: c0, kind: container, on: os1 }
  - { id: ssi, kind: ssi, on: [os1, os2] }
`);
    const { boxes } = layoutStack(stack);
    const c0 = boxes.get('c0')!;
    const ssi = boxes.get('ssi')!;
    expect(c0.y).toBe(ssi.y);
    expect(c0.x + c0.width <= ssi.x || ssi.x + ssi.width <= c0.x).toBe(true);
  });

  it('keeps layers on a cycle and duplicated ids on the canvas', () => {
    const stack: Stack = {
      name: 'broken',
      layers: [
        { id: 'a', kind: 'os', product: 'linux', on: 'b' },
        { id: 'b', kind: 'os', product: 'linux', on: 'a' },
        { id: 'N1', kind: 'node', cpus: 1, memoryMiB: 1024, arch: 'x86_64', virtExtensions: true, speed: 1, site: 'default' },
        { id: 'N1', kind: 'node', cpus: 1, memoryMiB: 1024, arch: 'x86_64', virtExtensions: true, speed: 1, site: 'default' },
      ],
    };
    const { nodes } = stackToFlow(layoutStack(stack), decorations(stack));
    expect(nodes.map((n) => n.id).sort()).toEqual(['N1', 'N1@3', 'a', 'b']);
  });

  it("lays out 1,000 layers, one canvas node each (its speed is the builder benchmark's)", () => {
    const layers: Stack['layers'] = [];
    for (let n = 0; n < 100; n++) {
      layers.push({ id: `N${n}`, kind: 'node', cpus: 4, memoryMiB: 4096, arch: 'x86_64', virtExtensions: true, speed: 1, site: 'default' });
      layers.push({ id: `h${n}`, kind: 'hypervisor', product: 'xen', on: `N${n}` });
      for (let v = 0; v < 4; v++) layers.push({ id: `v${n}_${v}`, kind: 'vm', vcpus: 1, memoryMiB: 512, virtExtensions: false, on: `h${n}` });
      for (let v = 0; v < 4; v++) layers.push({ id: `o${n}_${v}`, kind: 'os', product: 'linux', on: `v${n}_${v}` });
    }
    const stack: Stack = { name: 'big', layers };
    const { nodes } = stackToFlow(layoutStack(stack), decorations(stack));
    expect(nodes).toHaveLength(1000);
  });
});

describe('the canvas of a stack', () => {
  it('has one node per layer, coloured by its class and badged with its findings', () => {
    const findings = [
      { severity: 'error' as const, rule: 'ssi-needs-own-kernel', layer: 'ssi', message: 'x' },
      { severity: 'warning' as const, rule: 'cpu-overcommit', layer: 'ssi', message: 'y' },
    ];
    const { nodes } = stackToFlow(layoutStack(containersOnSsi), decorations(containersOnSsi, { findings }));
    expect(nodes).toHaveLength(8);
    const ssi = nodes.find((n) => n.id === 'ssi')!;
    expect(ssi.data.cls).toBe('ssi-aggregate');
    expect(ssi.data.aggregate).toBe(true);
    expect(ssi.data.counts).toEqual({ error: 1, warning: 1, note: 0 });
    expect(nodes.find((n) => n.id === 'N1')!.data.cls).toBe('hardware');
    expect(nodes.find((n) => n.id === 'app1')!.data.cls).toBe('application');
  });

  it('draws no connector between stacked boxes, and one once a layer is moved away', () => {
    const layout = layoutStack(typeOne);
    expect(stackToFlow(layout, decorations(typeOne)).edges).toEqual([]);
    const moved = new Map([['VM2', { x: 2000, y: -400 }]]);
    const { edges, nodes } = stackToFlow(layout, decorations(typeOne, { moved }));
    expect(edges.map((e) => [e.source, e.target])).toEqual([['xen', 'VM2']]);
    expect(nodes.find((n) => n.id === 'VM2')!.position).toEqual({ x: 2000, y: -400 });
  });

  it('finds the upper layer under a point, ignoring the one being dragged', () => {
    const layout = layoutStack(typeOne);
    const vm = layout.boxes.get('VM1')!;
    const centre = { x: vm.x + vm.width / 2, y: vm.y + vm.height / 2 };
    expect(layerAt(layout, new Map(), centre)).toBe('VM1');
    expect(layerAt(layout, new Map(), centre, new Set(['VM1']))).toBeUndefined();
    const node = layout.boxes.get('N0')!;
    expect(layerAt(layout, new Map(), { x: node.x + 5, y: node.y + 5 })).toBe('N0');
    expect(layerAt(layout, new Map(), { x: -500, y: 500 })).toBeUndefined();
  });

  it('marks selected layers and carries live run state', () => {
    const live = new Map([['app1', { progress: 0.5 }]]);
    const { nodes } = stackToFlow(layoutStack(containersOnSsi), decorations(containersOnSsi, { selected: new Set(['c1']), live }));
    expect(nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['c1']);
    expect(nodes.find((n) => n.id === 'app1')!.data.live).toEqual({ progress: 0.5 });
  });
});

describe('a container beside an SSI on the same OS', () => {
  it('keeps the SSI band over both members and moves the container aside', () => {
    const stack = stackOf(`
name: mixed
layers:
  - { id: N1, kind: node }
  - { id: N2, kind: node }
  - { id: os1, kind: os, on: N1 }
  - { id: os2, kind: os, on: N2 }
  - { id: c0, kind: container, on: os1 }
  - { id: ssi, kind: ssi, on: [os1, os2] }
`);
    const { boxes } = layoutStack(stack);
    const ssi = boxes.get('ssi')!;
    expect(ssi.x).toBeLessThanOrEqual(boxes.get('os1')!.x);
    expect(ssi.x + ssi.width).toBeGreaterThanOrEqual(boxes.get('os2')!.x + boxes.get('os2')!.width);
  });
});
