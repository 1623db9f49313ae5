import { describe, expect, it } from 'vitest';
import { layerPosition, parseStack, stackToYaml } from '../../../../src/core/stack';

const contractExample = `name: Containers on top of an SSI
network: { lanMbps: 1000, lanLatencyMs: 0.1 }
layers:
  - { id: N1, kind: node, cpus: 2, memoryMiB: 2048 }
  - { id: N2, kind: node, cpus: 2, memoryMiB: 2048 }
  - { id: os1, kind: os, product: linux, on: N1 }
  - { id: os2, kind: os, product: linux, on: N2 }
  - { id: ssi, kind: ssi, product: kerrighed, on: [os1, os2] }
  - { id: c1, kind: container, product: lxc, on: ssi }
  - { id: app1, kind: app, workload: mrbayes, processes: 4, on: c1 }
scenario:
  - { at: 30, do: fail, target: N2 }
`;

describe('parseStack', () => {
  it('reads the contract example with its defaults filled in', () => {
    const { stack, findings } = parseStack(contractExample);
    expect(findings).toEqual([]);
    expect(stack?.layers).toHaveLength(7);
    expect(stack?.layers[0]).toMatchObject({ id: 'N1', kind: 'node', cpus: 2, arch: 'x86_64', virtExtensions: true, speed: 1, site: 'default' });
    expect(stack?.network).toEqual({ lanMbps: 1000, lanLatencyMs: 0.1, wanMbps: 100, wanLatencyMs: 20 });
    expect(stack?.scenario).toEqual([{ at: 30, do: 'fail', target: 'N2' }]);
  });

  it('knows where each layer and each of its fields is written', () => {
    const { stack, positions } = parseStack(contractExample);
    expect(layerPosition(positions, stack!.layers, 'ssi')).toEqual({ line: 8, column: 5 });
    expect(layerPosition(positions, stack!.layers, 'ssi', 'on')).toEqual({ line: 8, column: 51 });
    expect(positions.get('layers.4.on.1')).toEqual({ line: 8, column: 57 });
    expect(positions.get('scenario.0.target')).toEqual({ line: 12, column: 33 });
    expect(layerPosition(positions, stack!.layers, 'nope')).toBeUndefined();
  });

  it('gives a YAML syntax error with its line and column', () => {
    const { stack, findings } = parseStack('name: x\nlayers:\n  - { id: N1, kind: node\n');
    expect(stack).toBeNull();
    expect(findings[0]).toMatchObject({ severity: 'error', rule: 'yaml-syntax', line: expect.any(Number), column: expect.any(Number) });
    expect(findings[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('points a wrong type at the value, naming the layer', () => {
    const { stack, findings } = parseStack('name: x\nlayers:\n  - id: N1\n    kind: node\n    cpus: "four"\n');
    expect(stack).toBeNull();
    expect(findings).toEqual([
      { severity: 'error', rule: 'wrong-type', layer: 'N1', line: 5, column: 11, message: '"cpus" must be a number, not the text "four"' },
    ]);
  });

  it('reports a missing required field and an unknown kind', () => {
    const { findings } = parseStack('name: x\nlayers:\n  - { id: h, kind: hypervisor, on: N1 }\n  - { id: z, kind: cloud }\n');
    expect(findings.map((f) => [f.rule, f.layer, f.line])).toEqual([
      ['missing-field', 'h', 3],
      ['invalid-value', 'z', 4],
    ]);
    expect(findings[1]?.message).toContain('node, hypervisor, vm, os, ssi, container, app');
  });

  it('warns about an unknown key and names the nearest known one', () => {
    const { stack, findings } = parseStack('name: x\nlayers:\n  - { id: N1, kind: node, cpu: 4 }\n');
    expect(stack).not.toBeNull();
    expect(findings).toEqual([
      { severity: 'warning', rule: 'unknown-key', layer: 'N1', line: 3, column: 27, message: 'unknown key "cpu" is ignored; the nearest known key is "cpus"' },
    ]);
  });

  it('warns about unknown keys at the top level, in network and in scenario steps', () => {
    const { findings } = parseStack('name: x\nnetwork: { lanMbs: 10 }\nlayer: []\nlayers: []\nscenario:\n  - { at: 1, do: fail, target: N1, when: 3 }\n');
    expect(findings.map((f) => f.message)).toEqual([
      'unknown key "lanMbs" is ignored; the nearest known key is "lanMbps"',
      'unknown key "layer" is ignored; the nearest known key is "layers"',
      'unknown key "when" is ignored; the nearest known key is "at"',
    ]);
  });

  it('refuses a scenario verb it does not know, with its position', () => {
    const { findings } = parseStack('name: x\nlayers: []\nscenario:\n  - { at: 1, do: explode, target: N1 }\n');
    expect(findings[0]).toMatchObject({ rule: 'invalid-value', line: 4, column: 18 });
  });

  it('refuses an empty file and a file that is not a mapping', () => {
    expect(parseStack('').findings[0]).toMatchObject({ severity: 'error', line: 1, column: 1 });
    expect(parseStack('- a\n- b\n').findings[0]).toMatchObject({ severity: 'error', line: 1, column: 1 });
  });

  it('reports an alias to an anchor that is not set, where the alias is', () => {
    expect(parseStack('name: x\nlayers:\n  - *missing\n').findings).toEqual([
      { severity: 'error', rule: 'yaml-syntax', line: 3, column: 5, message: expect.stringContaining('alias') },
    ]);
  });

  it('reports a duplicated key as a YAML error', () => {
    expect(parseStack('name: a\nname: b\nlayers: []\n').findings[0]).toMatchObject({ rule: 'yaml-syntax', line: 2 });
  });
});

describe('stackToYaml', () => {
  it('writes a stack that parses back to the same model, without default values', () => {
    const { stack } = parseStack(contractExample);
    const text = stackToYaml(stack!);
    expect(text).not.toContain('virtExtensions');
    expect(parseStack(text)).toMatchObject({ stack, findings: [] });
  });

  it('keeps the new layers of an add-node step', () => {
    const { stack } = parseStack('name: x\nlayers: []\nscenario:\n  - { at: 5, do: add-node, join: ssi, layers: [{ id: N3, kind: node, cpus: 2 }] }\n');
    expect(parseStack(stackToYaml(stack!)).stack).toEqual(stack);
  });
});
