import { describe, expect, it } from 'vitest';
import { stackJsonSchema } from '../../../../src/core/stack';
import { stackHover } from '../../../../src/renderer/features/builder/yaml/stackHover';

const schema = stackJsonSchema();

/** The hover with the mouse at the `|` of a stack file (one `|` in all its lines). */
function at(lines: string[]): ReturnType<typeof stackHover> {
  const row = lines.findIndex((l) => l.includes('|'));
  const column = (lines[row] as string).indexOf('|') + 1;
  return stackHover(
    schema,
    lines.map((l) => l.replace('|', '')),
    row,
    column,
  );
}

describe('hover documentation in the YAML editor, from the JSON Schema', () => {
  it("documents a layer's key for its kind, with its default, over the whole key", () => {
    const hover = at(['name: x', 'layers:', '  - { id: N1, kind: node, cp|us: 4 }']);
    expect(hover?.markdown).toContain('**cpus** (layer node)');
    expect(hover?.markdown).toContain('Number of CPU cores.');
    expect(hover?.markdown).toContain('Default: `1`.');
    const line = '  - { id: N1, kind: node, cpus: 4 }';
    expect(hover).toMatchObject({ startColumn: line.indexOf('cpus') + 1, endColumn: line.indexOf('cpus') + 5 });
  });

  it('tells the kinds apart: a VM and a node document memoryMiB with their own defaults', () => {
    expect(at(['layers:', '  - { id: N1, kind: node, memo|ryMiB: 4096 }'])?.markdown).toContain('Default: `1024`.');
    expect(at(['layers:', '  - { id: v1, kind: vm, on: h1, memo|ryMiB: 256 }'])?.markdown).toContain('Default: `512`.');
  });

  it('finds the kind of a block-style layer on another line of the item, above or below', () => {
    const below = ['layers:', '  - id: v1', '    memo|ryMiB: 256', '    kind: vm', '  - id: N1', '    kind: node'];
    expect(at(below)?.markdown).toContain('(layer vm)');
    const above = ['layers:', '  - id: N1', '    kind: node', '    ar|ch: ppc'];
    expect(at(above)?.markdown).toMatch(/\*\*arch\*\* \(layer node\)[\s\S]*One of: `x86_64`, `i386`/);
  });

  it('documents top-level keys, network keys and scenario steps', () => {
    expect(at(['lay|ers:', '  - { id: N1, kind: node }'])?.markdown).toContain('**layers** (stack)');
    expect(at(['network: { lan|Mbps: 100 }'])?.markdown).toContain('Bandwidth between nodes of one site, Mbit/s.');
    expect(at(['network:', '  wanLatency|Ms: 30'])?.markdown).toContain('**wanLatencyMs** (network)');
    expect(at(['scenario:', '  - { at: 30, do: fail, tar|get: N2 }'])?.markdown).toContain('**target** (step fail)');
  });

  it('shows nothing off a key or on a key the schema does not know', () => {
    expect(at(['layers:', '  - { id: N1, kind: no|de }'])).toBeNull();
    expect(at(['layers:', '  - { id: N1, kind: node, cp|ux: 4 }'])).toBeNull();
    expect(at(['name: x', '|', 'layers: []'])).toBeNull();
    expect(at(['description: a text: with col|ons: in it'])).toBeNull();
  });
});
