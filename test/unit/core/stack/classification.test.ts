import { describe, expect, it } from 'vitest';
import { checkStackText } from '../../../../src/core/stack';
import { stackYaml } from './ruleCases';

describe('classes', () => {
  it('classifies every kind and product as the contract says', () => {
    const { classes } = checkStackText(
      stackYaml([
        'id: N1, kind: node, cpus: 4, memoryMiB: 8192',
        'id: N2, kind: node, cpus: 4, memoryMiB: 8192',
        'id: N3, kind: node',
        'id: agg, kind: hypervisor, product: vsmp, on: [N1, N2]',
        'id: xen, kind: hypervisor, product: xen, on: agg',
        'id: dom0, kind: os, role: dom0, on: xen',
        'id: pv1, kind: vm, on: xen',
        'id: g1, kind: os, on: pv1',
        'id: kvm, kind: hypervisor, product: kvm, on: g1',
        'id: host, kind: os, on: N3',
        'id: qemu, kind: hypervisor, product: qemu, on: host',
        'id: emu, kind: vm, arch: ppc, on: qemu',
        'id: c, kind: container, on: host',
        'id: a, kind: app, workload: custom, on: c',
      ]),
    );
    expect(classes).toEqual({
      N1: 'hardware',
      N2: 'hardware',
      N3: 'hardware',
      agg: 'aggregation-hypervisor',
      xen: 'hypervisor-type1',
      dom0: 'os-kernel',
      pv1: 'virtual-hardware',
      g1: 'os-kernel',
      kvm: 'hypervisor-type2',
      host: 'os-kernel',
      qemu: 'emulator',
      emu: 'emulated-hardware',
      c: 'os-virtualization',
      a: 'application',
    });
  });

  it('calls a vm of another architecture emulated hardware even under a hardware hypervisor', () => {
    const { classes, valid } = checkStackText(
      stackYaml(['id: N1, kind: node', 'id: os1, kind: os, on: N1', 'id: k, kind: hypervisor, product: kvm, on: os1', 'id: v, kind: vm, arch: arm, on: k']),
    );
    expect(classes.v).toBe('emulated-hardware');
    expect(valid).toBe(false);
  });
});

describe('what an app sees', () => {
  const cluster = [
    'id: N1, kind: node, cpus: 2, memoryMiB: 1024',
    'id: N2, kind: node, cpus: 4, memoryMiB: 2048',
    'id: os1, kind: os, on: N1',
    'id: os2, kind: os, on: N2',
    'id: ssi, kind: ssi, on: [os1, os2]',
  ];

  it("sees the sum of an SSI's members, and every member node as a failure domain", () => {
    const { views } = checkStackText(stackYaml([...cluster, 'id: a, kind: app, workload: mrbayes, on: ssi']));
    expect(views.a).toEqual({ cpus: 6, memoryMiB: 3072, arch: 'x86_64', kernel: 'ssi', sharesKernelWith: [], failureDomains: ['N1', 'N2'] });
  });

  it("sees a container's caps within its kernel, and shares the kernel with apps in other containers", () => {
    const { views } = checkStackText(
      stackYaml([
        ...cluster,
        'id: c1, kind: container, cpus: 3, memoryMiB: 512, on: ssi',
        'id: c2, kind: container, on: ssi',
        'id: a, kind: app, workload: apache, on: c1',
        'id: b, kind: app, workload: apache, on: c2',
      ]),
    );
    expect(views.a).toMatchObject({ cpus: 3, memoryMiB: 512, kernel: 'ssi', sharesKernelWith: ['b'] });
    expect(views.b).toMatchObject({ cpus: 6, memoryMiB: 3072, sharesKernelWith: ['a'] });
  });

  it('sees the SSI when it runs on an os that is a member of one', () => {
    const { views } = checkStackText(stackYaml([...cluster, 'id: a, kind: app, workload: custom, on: os1']));
    expect(views.a).toMatchObject({ cpus: 6, kernel: 'ssi', failureDomains: ['N1', 'N2'] });
  });

  it("sees a vm's vcpus and memory, and its node as the only failure domain", () => {
    const { views } = checkStackText(
      stackYaml([
        'id: N1, kind: node, cpus: 8, memoryMiB: 8192',
        'id: xen, kind: hypervisor, product: xen, on: N1',
        'id: d, kind: os, role: dom0, on: xen',
        'id: v, kind: vm, vcpus: 2, memoryMiB: 768, on: xen',
        'id: g, kind: os, on: v',
        'id: a, kind: app, workload: mrbayes, on: g',
      ]),
    );
    expect(views.a).toEqual({ cpus: 2, memoryMiB: 768, arch: 'x86_64', kernel: 'g', sharesKernelWith: [], failureDomains: ['N1'] });
  });

  it('sees every node a vsmp aggregates as one machine', () => {
    const { views } = checkStackText(
      stackYaml([
        'id: N1, kind: node, cpus: 8',
        'id: N2, kind: node, cpus: 8',
        'id: agg, kind: hypervisor, product: vsmp, on: [N1, N2]',
        'id: os, kind: os, on: agg',
        'id: a, kind: app, workload: mrbayes, on: os',
      ]),
    );
    expect(views.a).toMatchObject({ cpus: 16, memoryMiB: 2048, kernel: 'os', failureDomains: ['N1', 'N2'] });
  });

  it('sees the architecture of its vm, not of the host', () => {
    const { views } = checkStackText(
      stackYaml([
        'id: N1, kind: node',
        'id: h, kind: os, on: N1',
        'id: q, kind: hypervisor, product: qemu, on: h',
        'id: v, kind: vm, arch: ppc, on: q',
        'id: g, kind: os, product: macos, on: v',
        'id: a, kind: app, workload: custom, on: g',
      ]),
    );
    expect(views.a?.arch).toBe('ppc');
  });

  it('has no view when its kernel cannot be resolved', () => {
    const { views } = checkStackText(stackYaml(['id: a, kind: app, workload: custom, on: nowhere']));
    expect(views).toEqual({});
  });
});
