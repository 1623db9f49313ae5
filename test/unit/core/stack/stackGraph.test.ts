import { describe, expect, it } from 'vitest';
import { capacityOf, childrenOf, kernelOf, layerById, machinesOf, nodesUnder, parseStack, resolveStack, ssiOf } from '../../../../src/core/stack';
import { stackYaml } from './ruleCases';

const graph = resolveStack(
  parseStack(
    stackYaml([
      'id: N1, kind: node, cpus: 2',
      'id: N2, kind: node, cpus: 2',
      'id: os1, kind: os, on: N1',
      'id: os2, kind: os, on: N2',
      'id: h1, kind: hypervisor, product: kvm, on: os1',
      'id: h2, kind: hypervisor, product: kvm, on: os2',
      'id: v1, kind: vm, vcpus: 1, on: h1',
      'id: v2, kind: vm, vcpus: 2, on: h2',
      'id: ssi, kind: ssi, on: [v1, v2]',
      'id: c, kind: container, on: ssi',
      'id: a, kind: app, workload: apache, on: c',
    ]),
  ).stack!,
);

describe('the resolved stack graph', () => {
  it('finds layers, what stands on them and the order to build them in', () => {
    expect(layerById(graph, 'v1')?.kind).toBe('vm');
    expect(childrenOf(graph, 'ssi').map((l) => l.id)).toEqual(['c']);
    expect(graph.order.indexOf('ssi')).toBeGreaterThan(graph.order.indexOf('v2'));
    expect(graph.order).toHaveLength(11);
  });

  it('gives the nodes a layer ultimately runs on and the machines whose CPUs it uses', () => {
    expect(nodesUnder(graph, 'a')).toEqual(['N1', 'N2']);
    expect(nodesUnder(graph, 'v1')).toEqual(['N1']);
    expect(machinesOf(graph, 'a')).toEqual(['v1', 'v2']);
    expect(machinesOf(graph, 'h1')).toEqual(['N1']);
  });

  it('gives the kernel a layer uses, and none to hardware', () => {
    expect(kernelOf(graph, 'a')).toBe('ssi');
    expect(kernelOf(graph, 'h1')).toBe('os1');
    expect(kernelOf(graph, 'v1')).toBeUndefined();
    expect(ssiOf(graph, 'v2')).toBe('ssi');
  });

  it("adds up an SSI's members' vCPUs", () => {
    expect(capacityOf(graph, 'ssi')).toEqual({ cpus: 3, memoryMiB: 1024 });
  });

  it('leaves layers on a cycle out of the build order', () => {
    const cyclic = resolveStack(
      parseStack(stackYaml(['id: N1, kind: node', 'id: a, kind: container, on: b', 'id: b, kind: container, on: a', 'id: c, kind: container, on: a'])).stack!,
    );
    expect([...cyclic.cyclic].sort()).toEqual(['a', 'b']);
    expect(cyclic.order).toEqual(['N1']);
    expect(kernelOf(cyclic, 'c')).toBeUndefined();
  });
});
