import { describe, expect, it } from 'vitest';
import { checkStackText, listRules, ruleCatalogue, ruleInfo } from '../../../../src/core/stack';
import { ruleCases } from './ruleCases';

describe('every rule', () => {
  it.each(ruleCases.map((c, i) => [`${c.rule} #${i}`, c] as const))('%s: triggers on the breaking stack, not on the close one', (_, c) => {
    const broken = checkStackText(c.breaks);
    const found = broken.findings.filter((f) => f.rule === c.rule);
    expect(found, JSON.stringify(broken.findings)).not.toHaveLength(0);
    for (const f of found) {
      expect(f.severity).toBe(ruleInfo(c.rule)?.severity);
      expect(f.line).toBeGreaterThan(0);
      expect(f.column).toBeGreaterThan(0);
      expect(f.message.length).toBeGreaterThan(10);
    }
    if (found.some((f) => f.severity === 'error')) expect(broken.valid).toBe(false);
    const kept = checkStackText(c.keeps);
    expect(kept.findings.filter((f) => f.rule === c.rule)).toEqual([]);
  });

  it('has a breaking case for each rule of the catalogue', () => {
    const covered = new Set(ruleCases.map((c) => c.rule));
    expect(Object.keys(ruleCatalogue).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('explains itself in one line and a paragraph', () => {
    for (const rule of listRules()) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.title).not.toContain('\n');
      expect(rule.explanation.length).toBeGreaterThan(60);
    }
  });
});

describe('what the rules teach', () => {
  it('names KVM nested=1 and VMware\'s "virtualize VT-x" when a nested hardware hypervisor lacks VT-x', () => {
    const info = ruleInfo('nested-hw-needs-virt-extensions');
    expect(info?.fix).toContain('nested=1');
    expect(info?.fix).toMatch(/[Vv]irtualize Intel VT-x/);
  });

  it('teaches why VMware on VMware failed as hypotheses, and why QEMU worked', () => {
    const info = ruleInfo('bt-in-bt');
    expect(info?.explanation).toContain('hypotheses');
    expect(info?.explanation).toMatch(/binary translation/);
    expect(info?.explanation).toMatch(/detected that it was running inside itself/);
    expect(info?.explanation).toMatch(/QEMU ran inside VMware/);
  });

  it('quotes the seminar: containers have no kernel of their own to join', () => {
    expect(ruleInfo('ssi-needs-own-kernel')?.seminar).toContain('Architecture irrelevant');
  });

  it('tells a Type I hypervisor drawn over several nodes to stand on a vsmp, as the seminar\'s "part 1 of SSI"', () => {
    const text = `name: x\nlayers:\n  - { id: N1, kind: node }\n  - { id: N2, kind: node }\n  - { id: xen, kind: hypervisor, product: xen, on: [N1, N2] }\n`;
    const arity = checkStackText(text).findings.find((f) => f.rule === 'arity');
    expect(arity?.message).toContain('stand on a vsmp');
    expect(ruleInfo('arity')?.seminar).toContain('Part1 of SSI');
  });

  it('tells a hosted hypervisor drawn over several nodes to stand on an ssi', () => {
    const text = `name: x\nlayers:\n  - { id: N1, kind: node }\n  - { id: N2, kind: node }\n  - { id: os1, kind: os, on: N1 }\n  - { id: os2, kind: os, on: N2 }\n  - { id: k, kind: hypervisor, product: kvm, on: [os1, os2] }\n`;
    expect(checkStackText(text).findings.find((f) => f.rule === 'arity')?.message).toContain('stand on an ssi');
  });

  it('accepts i386 guests on x86_64 hosts without emulation', () => {
    const text = `name: x\nlayers:\n  - { id: N1, kind: node }\n  - { id: os1, kind: os, on: N1 }\n  - { id: k, kind: hypervisor, product: kvm, on: os1 }\n  - { id: v, kind: vm, arch: i386, on: k }\n`;
    expect(checkStackText(text).findings).toEqual([]);
  });

  it("sees VMware on VMware through an SSI: the upper hypervisor runs in the SSI's vms", () => {
    const text = `name: x
layers:
  - { id: N1, kind: node, cpus: 4, memoryMiB: 4096 }
  - { id: N2, kind: node, cpus: 4, memoryMiB: 4096 }
  - { id: os1, kind: os, on: N1 }
  - { id: os2, kind: os, on: N2 }
  - { id: h1, kind: hypervisor, product: vmware-workstation, technique: bt, on: os1 }
  - { id: h2, kind: hypervisor, product: vmware-workstation, technique: bt, on: os2 }
  - { id: v1, kind: vm, on: h1 }
  - { id: v2, kind: vm, on: h2 }
  - { id: ssi, kind: ssi, on: [v1, v2] }
  - { id: top, kind: hypervisor, product: vmware-workstation, technique: bt, on: ssi }
`;
    const bt = checkStackText(text).findings.filter((f) => f.rule === 'bt-in-bt');
    expect(bt.map((f) => f.layer)).toEqual(['top', 'top']);
  });

  it('reports a finding at the line of the layer it is about', () => {
    const text = `name: x\nlayers:\n  - { id: N1, kind: node }\n  - { id: c1, kind: container, on: N1 }\n`;
    expect(checkStackText(text).findings).toEqual([expect.objectContaining({ rule: 'container-needs-kernel', layer: 'c1', line: 4, column: 36 })]);
  });
});
