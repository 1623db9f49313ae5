/**
 * For every rule of the catalogue, a stack that breaks it and a close one that does not.
 * rules.test.ts runs them all and checks that no rule is left without its pair.
 */

/** A stack file from flow-mapping bodies, one per layer, and optional extra top-level YAML. */
export function stackYaml(layers: string[], extra = ''): string {
  return `name: case\nlayers:\n${layers.map((l) => `  - { ${l} }`).join('\n')}\n${extra}`;
}

const N1 = 'id: N1, kind: node, cpus: 2, memoryMiB: 2048';
const N2 = 'id: N2, kind: node, cpus: 2, memoryMiB: 2048';
const N3 = 'id: N3, kind: node, cpus: 2, memoryMiB: 2048';
const os1 = 'id: os1, kind: os, on: N1';
const os2 = 'id: os2, kind: os, on: N2';
const os3 = 'id: os3, kind: os, on: N3';
const twoHosts = [N1, N2, os1, os2];

/** A Linux host with a hosted hypervisor `hyp` of the given product and technique. */
function hosted(product: string, technique?: string): string[] {
  return [N1, os1, `id: hyp, kind: hypervisor, product: ${product}${technique ? `, technique: ${technique}` : ''}, on: os1`];
}

export interface RuleCase {
  rule: string;
  breaks: string;
  keeps: string;
}

export const ruleCases: RuleCase[] = [
  { rule: 'yaml-syntax', breaks: 'name: x\nlayers: [\n', keeps: stackYaml([N1]) },
  { rule: 'wrong-type', breaks: stackYaml(['id: N1, kind: node, cpus: "2"']), keeps: stackYaml(['id: N1, kind: node, cpus: 2']) },
  {
    rule: 'missing-field',
    breaks: stackYaml([N1, os1, 'id: h, kind: hypervisor, on: os1']),
    keeps: stackYaml([N1, os1, 'id: h, kind: hypervisor, product: kvm, on: os1']),
  },
  { rule: 'invalid-value', breaks: stackYaml(['id: N1, kind: nod']), keeps: stackYaml(['id: N1, kind: node']) },
  { rule: 'unknown-key', breaks: stackYaml(['id: N1, kind: node, cpu: 4']), keeps: stackYaml(['id: N1, kind: node, cpus: 4']) },
  { rule: 'duplicate-id', breaks: stackYaml([N1, 'id: N1, kind: node']), keeps: stackYaml([N1, N2]) },
  { rule: 'unknown-id', breaks: stackYaml([N1, 'id: os1, kind: os, on: N9']), keeps: stackYaml([N1, os1]) },
  {
    rule: 'unknown-id',
    breaks: stackYaml([N1], 'scenario:\n  - { at: 5, do: fail, target: N9 }\n'),
    keeps: stackYaml([N1], 'scenario:\n  - { at: 5, do: fail, target: N1 }\n'),
  },
  {
    rule: 'duplicate-id',
    breaks: stackYaml([N1], 'scenario:\n  - { at: 5, do: add-node, layers: [{ id: N1, kind: node }] }\n'),
    keeps: stackYaml([N1], 'scenario:\n  - { at: 5, do: add-node, layers: [{ id: N2, kind: node }] }\n'),
  },
  {
    rule: 'unknown-id',
    breaks: stackYaml([N1], 'scenario:\n  - { at: 5, do: add-node, layers: [{ id: N2, kind: node }, { id: os2, kind: os, on: N3 }] }\n'),
    keeps: stackYaml([N1], 'scenario:\n  - { at: 5, do: add-node, layers: [{ id: N2, kind: node }, { id: os2, kind: os, on: N2 }] }\n'),
  },
  { rule: 'missing-on', breaks: stackYaml([N1, 'id: os1, kind: os']), keeps: stackYaml([N1, os1]) },
  { rule: 'node-stands-on-nothing', breaks: stackYaml([N1, 'id: N2, kind: node, on: N1']), keeps: stackYaml([N1, N2]) },
  { rule: 'arity', breaks: stackYaml([N1, N2, 'id: os1, kind: os, on: [N1, N2]']), keeps: stackYaml([N1, N2, os1]) },
  {
    rule: 'duplicate-on',
    breaks: stackYaml([...twoHosts, 'id: ssi, kind: ssi, on: [os1, os1, os2]']),
    keeps: stackYaml([...twoHosts, 'id: ssi, kind: ssi, on: [os1, os2]']),
  },
  {
    rule: 'cycle',
    breaks: stackYaml([N1, os1, 'id: c1, kind: container, on: c2', 'id: c2, kind: container, on: c1']),
    keeps: stackYaml([N1, os1, 'id: c1, kind: container, on: os1', 'id: c2, kind: container, on: c1']),
  },
  {
    rule: 'ssi-single-member',
    breaks: stackYaml([...twoHosts, 'id: ssi, kind: ssi, on: [os1]']),
    keeps: stackYaml([...twoHosts, 'id: ssi, kind: ssi, on: [os1, os2]']),
  },
  {
    rule: 'vsmp-single-node',
    breaks: stackYaml([N1, 'id: v, kind: hypervisor, product: vsmp, on: [N1]']),
    keeps: stackYaml([N1, N2, 'id: v, kind: hypervisor, product: vsmp, on: [N1, N2]']),
  },
  {
    rule: 'container-needs-kernel',
    breaks: stackYaml([N1, 'id: c1, kind: container, on: N1']),
    keeps: stackYaml([N1, os1, 'id: c1, kind: container, on: os1']),
  },
  {
    rule: 'app-needs-kernel',
    breaks: stackYaml([...hosted('kvm'), 'id: vm1, kind: vm, on: hyp', 'id: a, kind: app, workload: apache, on: vm1']),
    keeps: stackYaml([...hosted('kvm'), 'id: vm1, kind: vm, on: hyp', 'id: g, kind: os, on: vm1', 'id: a, kind: app, workload: apache, on: g']),
  },
  {
    rule: 'type1-needs-hardware',
    breaks: stackYaml([N1, os1, 'id: x, kind: hypervisor, product: vmware-esx, on: os1']),
    keeps: stackYaml([N1, 'id: x, kind: hypervisor, product: vmware-esx, on: N1']),
  },
  {
    rule: 'type2-needs-os',
    breaks: stackYaml([N1, 'id: vb, kind: hypervisor, product: virtualbox, on: N1']),
    keeps: stackYaml([N1, os1, 'id: vb, kind: hypervisor, product: virtualbox, on: os1']),
  },
  {
    rule: 'kvm-needs-linux',
    breaks: stackYaml([N1, 'id: os1, kind: os, product: windows, on: N1', 'id: k, kind: hypervisor, product: kvm, on: os1']),
    keeps: stackYaml([N1, os1, 'id: k, kind: hypervisor, product: kvm, on: os1']),
  },
  {
    rule: 'vsmp-needs-nodes',
    breaks: stackYaml([...twoHosts, 'id: v, kind: hypervisor, product: vsmp, on: [os1, os2]']),
    keeps: stackYaml([N1, N2, 'id: v, kind: hypervisor, product: vsmp, on: [N1, N2]']),
  },
  {
    rule: 'vm-needs-hypervisor',
    breaks: stackYaml([N1, os1, 'id: vm1, kind: vm, on: os1']),
    keeps: stackYaml([...hosted('kvm'), 'id: vm1, kind: vm, on: hyp']),
  },
  { rule: 'os-needs-machine', breaks: stackYaml([N1, os1, 'id: os2, kind: os, on: os1']), keeps: stackYaml([N1, os1]) },
  {
    rule: 'os-on-xen-is-dom0',
    breaks: stackYaml([N1, 'id: xen, kind: hypervisor, product: xen, on: N1', 'id: d, kind: os, on: xen']),
    keeps: stackYaml([N1, 'id: xen, kind: hypervisor, product: xen, on: N1', 'id: d, kind: os, role: dom0, on: xen']),
  },
  { rule: 'dom0-only-on-xen', breaks: stackYaml([N1, 'id: d, kind: os, role: dom0, on: N1']), keeps: stackYaml([N1, 'id: d, kind: os, on: N1']) },
  {
    rule: 'dom0-must-be-linux',
    breaks: stackYaml([N1, 'id: xen, kind: hypervisor, product: xen, on: N1', 'id: d, kind: os, product: windows, role: dom0, on: xen']),
    keeps: stackYaml([N1, 'id: xen, kind: hypervisor, product: xen, on: N1', 'id: d, kind: os, product: linux, role: dom0, on: xen']),
  },
  {
    rule: 'xen-multiple-dom0',
    breaks: stackYaml([
      N1,
      'id: xen, kind: hypervisor, product: xen, on: N1',
      'id: d1, kind: os, role: dom0, on: xen',
      'id: d2, kind: os, role: dom0, on: xen',
    ]),
    keeps: stackYaml([
      N1,
      'id: xen, kind: hypervisor, product: xen, on: N1',
      'id: d1, kind: os, role: dom0, on: xen',
      'id: g, kind: vm, on: xen',
      'id: d2, kind: os, on: g',
    ]),
  },
  {
    rule: 'xen-without-dom0',
    breaks: stackYaml([N1, 'id: xen, kind: hypervisor, product: xen, on: N1', 'id: g, kind: vm, on: xen']),
    keeps: stackYaml([N1, 'id: xen, kind: hypervisor, product: xen, on: N1', 'id: d, kind: os, role: dom0, on: xen', 'id: g, kind: vm, on: xen']),
  },
  { rule: 'machine-boots-one-system', breaks: stackYaml([N1, os1, 'id: os2, kind: os, on: N1']), keeps: stackYaml([N1, N2, os1, os2]) },
  {
    rule: 'machine-boots-one-system',
    breaks: stackYaml([...twoHosts, N3, os3, 'id: s1, kind: ssi, on: [os1, os2]', 'id: s2, kind: ssi, on: [N3, N1]']),
    keeps: stackYaml([...twoHosts, N3, os3, 'id: s1, kind: ssi, on: [os1, os2]']),
  },
  {
    rule: 'ssi-member-kind',
    breaks: stackYaml([...twoHosts, 'id: a, kind: app, workload: custom, on: os1', 'id: ssi, kind: ssi, on: [a, os2]']),
    keeps: stackYaml([...twoHosts, 'id: ssi, kind: ssi, on: [os1, os2]']),
  },
  {
    rule: 'ssi-needs-own-kernel',
    breaks: stackYaml([N1, os1, 'id: c1, kind: container, on: os1', 'id: c2, kind: container, on: os1', 'id: ssi, kind: ssi, on: [c1, c2]']),
    keeps: stackYaml([...twoHosts, 'id: ssi, kind: ssi, on: [os1, os2]', 'id: c1, kind: container, on: ssi']),
  },
  {
    rule: 'ssi-needs-linux',
    breaks: stackYaml([N1, N2, os1, 'id: os2, kind: os, product: windows, on: N2', 'id: ssi, kind: ssi, on: [os1, os2]']),
    keeps: stackYaml([...twoHosts, 'id: ssi, kind: ssi, on: [os1, os2]']),
  },
  {
    rule: 'ssi-mixed-arch',
    breaks: stackYaml([N1, 'id: N2, kind: node, arch: ppc', 'id: ssi, kind: ssi, on: [N1, N2]']),
    keeps: stackYaml([N1, 'id: N2, kind: node, arch: x86_64', 'id: ssi, kind: ssi, on: [N1, N2]']),
  },
  {
    rule: 'ssi-member-shared',
    breaks: stackYaml([...twoHosts, N3, os3, 'id: s1, kind: ssi, on: [os1, os2]', 'id: s2, kind: ssi, on: [os2, os3]']),
    keeps: stackYaml([...twoHosts, N3, os3, 'id: s1, kind: ssi, on: [os1, os2, os3]']),
  },
  {
    rule: 'ssi-members-one-node',
    breaks: stackYaml([...hosted('kvm'), 'id: v1, kind: vm, on: hyp', 'id: v2, kind: vm, on: hyp', 'id: ssi, kind: ssi, on: [v1, v2]']),
    keeps: stackYaml([...twoHosts, 'id: ssi, kind: ssi, on: [os1, os2]']),
  },
  {
    rule: 'vsmp-mixed-arch',
    breaks: stackYaml([N1, 'id: N2, kind: node, arch: aarch64', 'id: v, kind: hypervisor, product: vsmp, on: [N1, N2]']),
    keeps: stackYaml([N1, N2, 'id: v, kind: hypervisor, product: vsmp, on: [N1, N2]']),
  },
  {
    rule: 'containers-share-ssi-kernel',
    breaks: stackYaml([...twoHosts, 'id: ssi, kind: ssi, on: [os1, os2]', 'id: c1, kind: container, on: ssi']),
    keeps: stackYaml([...twoHosts, 'id: ssi, kind: ssi, on: [os1, os2]', 'id: a, kind: app, workload: mrbayes, on: ssi']),
  },
  {
    rule: 'ssi-spans-sites',
    breaks: stackYaml(['id: N1, kind: node, site: rennes', 'id: N2, kind: node, site: sophia', 'id: ssi, kind: ssi, on: [N1, N2]']),
    keeps: stackYaml(['id: N1, kind: node, site: rennes', 'id: N2, kind: node, site: rennes', 'id: ssi, kind: ssi, on: [N1, N2]']),
  },
  { rule: 'technique-unsupported', breaks: stackYaml(hosted('kvm', 'bt')), keeps: stackYaml(hosted('kvm', 'hw')) },
  {
    rule: 'hw-needs-virt-extensions',
    breaks: stackYaml(['id: N1, kind: node, virtExtensions: false', os1, 'id: k, kind: hypervisor, product: kvm, on: os1']),
    keeps: stackYaml(['id: N1, kind: node, virtExtensions: false', os1, 'id: k, kind: hypervisor, product: virtualbox, technique: bt, on: os1']),
  },
  {
    rule: 'nested-hw-needs-virt-extensions',
    breaks: stackYaml([...hosted('kvm'), 'id: vm1, kind: vm, on: hyp', 'id: g, kind: os, on: vm1', 'id: k2, kind: hypervisor, product: kvm, on: g']),
    keeps: stackYaml([
      ...hosted('kvm'),
      'id: vm1, kind: vm, virtExtensions: true, on: hyp',
      'id: g, kind: os, on: vm1',
      'id: k2, kind: hypervisor, product: kvm, on: g',
    ]),
  },
  {
    rule: 'nested-hw-needs-virt-extensions',
    breaks: stackYaml([...hosted('vmware-workstation'), 'id: vm1, kind: vm, on: hyp', 'id: esx, kind: hypervisor, product: vmware-esx, on: vm1']),
    keeps: stackYaml([
      ...hosted('vmware-workstation'),
      'id: vm1, kind: vm, on: hyp',
      'id: xen, kind: hypervisor, product: xen, on: vm1',
      'id: d, kind: os, role: dom0, on: xen',
    ]),
  },
  {
    rule: 'virt-extensions-not-exposed',
    breaks: stackYaml([...hosted('vmware-workstation', 'bt'), 'id: vm1, kind: vm, virtExtensions: true, on: hyp']),
    keeps: stackYaml([...hosted('vmware-workstation', 'hw'), 'id: vm1, kind: vm, virtExtensions: true, on: hyp']),
  },
  {
    rule: 'tcg-offers-svm-only',
    breaks: stackYaml([...hosted('qemu'), 'id: vm1, kind: vm, virtExtensions: true, on: hyp']),
    keeps: stackYaml([...hosted('qemu'), 'id: vm1, kind: vm, on: hyp']),
  },
  {
    rule: 'bt-in-bt',
    breaks: stackYaml([
      ...hosted('vmware-workstation', 'bt'),
      'id: vm1, kind: vm, on: hyp',
      'id: g, kind: os, on: vm1',
      'id: inner, kind: hypervisor, product: vmware-workstation, technique: bt, on: g',
    ]),
    keeps: stackYaml([
      ...hosted('vmware-workstation', 'bt'),
      'id: vm1, kind: vm, on: hyp',
      'id: g, kind: os, on: vm1',
      'id: inner, kind: hypervisor, product: qemu, on: g',
    ]),
  },
  {
    rule: 'emulation-in-vm',
    breaks: stackYaml([
      ...hosted('vmware-workstation', 'bt'),
      'id: vm1, kind: vm, on: hyp',
      'id: g, kind: os, on: vm1',
      'id: q, kind: hypervisor, product: qemu, on: g',
    ]),
    keeps: stackYaml([N1, os1, 'id: q, kind: hypervisor, product: qemu, on: os1']),
  },
  {
    rule: 'arch-needs-emulation',
    breaks: stackYaml([...hosted('kvm'), 'id: vm1, kind: vm, arch: ppc, on: hyp']),
    keeps: stackYaml([...hosted('qemu'), 'id: vm1, kind: vm, arch: ppc, on: hyp']),
  },
  {
    rule: 'cpu-overcommit',
    breaks: stackYaml([...hosted('kvm'), 'id: v1, kind: vm, vcpus: 2, on: hyp', 'id: v2, kind: vm, vcpus: 1, on: hyp']),
    keeps: stackYaml([...hosted('kvm'), 'id: v1, kind: vm, vcpus: 1, on: hyp', 'id: v2, kind: vm, vcpus: 1, on: hyp']),
  },
  {
    rule: 'memory-overcommit',
    breaks: stackYaml([...hosted('kvm'), 'id: v1, kind: vm, memoryMiB: 1536, on: hyp', 'id: v2, kind: vm, memoryMiB: 1024, on: hyp']),
    keeps: stackYaml([...hosted('kvm'), 'id: v1, kind: vm, memoryMiB: 1024, on: hyp', 'id: v2, kind: vm, memoryMiB: 1024, on: hyp']),
  },
  {
    rule: 'container-cap-above-host',
    breaks: stackYaml([N1, os1, 'id: c, kind: container, cpus: 4, on: os1']),
    keeps: stackYaml([N1, os1, 'id: c, kind: container, cpus: 2, on: os1']),
  },
  {
    rule: 'scenario-target-kind',
    breaks: stackYaml([N1, os1], 'scenario:\n  - { at: 5, do: fail, target: os1 }\n'),
    keeps: stackYaml([N1, os1], 'scenario:\n  - { at: 5, do: fail, target: N1 }\n'),
  },
  {
    rule: 'scenario-target-kind',
    breaks: stackYaml([N1, os1, 'id: a, kind: app, workload: mrbayes, on: os1'], 'scenario:\n  - { at: 5, do: migrate, target: a, to: os1 }\n'),
    keeps: stackYaml(
      [...twoHosts, 'id: ssi, kind: ssi, on: [os1, os2]', 'id: a, kind: app, workload: mrbayes, on: ssi'],
      'scenario:\n  - { at: 5, do: migrate, target: a, to: os2 }\n',
    ),
  },
];
