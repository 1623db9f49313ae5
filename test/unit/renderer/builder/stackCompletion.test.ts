import { describe, expect, it } from 'vitest';
import { stackJsonSchema } from '../../../../src/core/stack';
import { sectionAt, stackCompletions } from '../../../../src/renderer/features/builder/yaml/stackCompletion';

const schema = stackJsonSchema();
const ids = ['N1', 'os1'];

/** Completions with the cursor at the `|` of one line of a stack file. */
function at(lines: string[], row: number): string[] {
  const line = lines[row] as string;
  const column = line.indexOf('|') + 1;
  const text = lines.map((l) => l.replace('|', ''));
  return stackCompletions(schema, text, row, column, ids).map((c) => c.label);
}

describe('completion in the YAML editor, from the JSON Schema', () => {
  const file = ['name: x', 'layers:', '  - { id: N1, kind: node }'];

  it('offers the top-level keys at the start of a line', () => {
    expect(at([...file, '|'], 3)).toEqual(expect.arrayContaining(['name', 'layers', 'scenario', 'network']));
  });

  it('offers the keys of the layer kind written on the line, minus those already there', () => {
    const keys = at([...file, '  - { id: h1, kind: hypervisor, |'], 3);
    expect(keys).toEqual(expect.arrayContaining(['product', 'technique', 'on']));
    expect(keys).not.toContain('kind');
    expect(keys).not.toContain('cpus');
  });

  it('offers the products of a hypervisor and the kinds of layers', () => {
    expect(at([...file, '  - { id: h1, kind: hypervisor, product: |'], 3)).toEqual([
      'xen',
      'vmware-esx',
      'vsmp',
      'vmware-workstation',
      'virtualbox',
      'kvm',
      'qemu',
    ]);
    expect(at([...file, '  - { id: h1, kind: |'], 3)).toEqual(['node', 'hypervisor', 'vm', 'os', 'ssi', 'container', 'app']);
  });

  it('offers layer ids after on, also inside a member list', () => {
    expect(at([...file, '  - { id: o, kind: os, on: |'], 3)).toEqual(ids);
    expect(at([...file, '  - { id: s, kind: ssi, on: [os1, |'], 3)).toEqual(ids);
  });

  it('offers scenario verbs and targets', () => {
    const lines = [...file, 'scenario:', '  - { at: 10, do: |'];
    expect(at(lines, 4)).toContain('migrate');
    expect(at([...file, 'scenario:', '  - { at: 10, do: fail, target: |'], 4)).toEqual(ids);
  });

  it('offers the keys of a block-style layer for the kind written above the cursor', () => {
    const block = [...file, '  - id: h1', '    kind: hypervisor', '    pr|'];
    const keys = at(block, 5);
    expect(keys).toEqual(expect.arrayContaining(['product', 'technique', 'on']));
    expect(keys).not.toContain('kind');
    expect(at([...file, '  - id: h1', '    kind: hypervisor', '    product: |'], 5)).toContain('kvm');
  });

  it('offers nothing on a line below a flow-style layer, nor in a comment', () => {
    expect(at([...file, '  |'], 3)).toEqual([]);
    expect(at([...file, '  - { id: h1, kind: hypervisor } # the |'], 3)).toEqual([]);
    expect(at([...file, '# |'], 3)).toEqual([]);
  });

  it('knows which top-level section a line is in', () => {
    expect(sectionAt(['name: x', 'layers:', '  - {}', 'scenario:', '  - {}'], 4)).toBe('scenario');
    expect(sectionAt(['name: x', 'layers:', '  - {}'], 2)).toBe('layers');
    expect(sectionAt(['name: x'], 0)).toBeNull();
  });
});
