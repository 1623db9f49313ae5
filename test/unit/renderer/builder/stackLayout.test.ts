import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStack, type Layer, type Stack } from '../../../../src/core/stack';
import { presets } from '../../../../src/renderer/features/builder/presets/presetCatalog';
import { H_GAP, layoutStack, type LayerBox } from '../../../../src/renderer/features/builder/model/stackLayout';
import recordedJson from './fixtures/stackLayout.positions.json';

/**
 * Every box (x, y, width) of the presets and of the SSI groups below, as the layout placed
 * them before separating rows became O(n log n); recorded once, so that the faster layout
 * is held to the same drawing.
 */
const recorded: Record<string, Record<string, number[]>> = recordedJson;

/**
 * `groups` SSIs, each over the middle VM of each of its four nodes, so that the OSes of
 * the VMs beside them share the band's row and are moved out from under it.
 */
function ssiGroups(groups: number): Stack {
  const layers: object[] = [];
  for (let g = 0; g < groups; g++) {
    const members: string[] = [];
    for (let k = 0; k < 4; k++) {
      const node = `n${g}_${k}`;
      layers.push({ id: node, kind: 'node' }, { id: `${node}_xen`, kind: 'hypervisor', product: 'xen', on: node });
      for (let v = 0; v < 3; v++) {
        const vm = `${node}_vm${v}`;
        layers.push({ id: vm, kind: 'vm', on: `${node}_xen` });
        if (v === 1) members.push(vm);
        else layers.push({ id: `${vm}_os`, kind: 'os', on: vm });
      }
    }
    layers.push({ id: `ssi${g}`, kind: 'ssi', on: members }, { id: `ssi${g}_c`, kind: 'container', on: `ssi${g}` });
  }
  // The layout reads ids, kinds and what each layer stands on; the rest of a layer does not matter to it.
  return { name: 'SSI groups', layers } as unknown as Stack;
}

/** Positions as JSON holds them (-0, the bottom row's y, is 0 there). */
function positions(stack: Stack): Record<string, number[]> {
  return Object.fromEntries([...layoutStack(stack).boxes].map(([key, b]) => [key, [b.x + 0, b.y + 0, b.width]]));
}

function overlapping(boxes: ReadonlyMap<string, LayerBox>): string[] {
  const list = [...boxes];
  const found: string[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const [ka, a] = list[i]!;
      const [kb, b] = list[j]!;
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) found.push(`${ka} and ${kb}`);
    }
  }
  return found;
}

describe('the layout of known stacks', () => {
  it('has a recorded drawing for every preset', () => {
    expect(presets.map((p) => p.file).sort()).toEqual(Object.keys(recorded).filter((k) => k.endsWith('.stack.yaml')));
  });

  it.each(presets.map((p) => [p.file, p.text]))('draws %s as recorded', (file, text) => {
    const stack = parseStack(text).stack;
    expect(stack, file).toBeDefined();
    expect(positions(stack!)).toEqual(recorded[file]);
  });

  it('draws 12 SSI groups (362 layers) as recorded, the OSes beside each band moved out from under it', () => {
    expect(positions(ssiGroups(12))).toEqual(recorded['ssi-groups-12']);
  });
});

/** A stack of up to 80 layers, each standing on earlier or later ones (cycles and unknown ids included), with SSI and vSMP bands. */
const anyStack: fc.Arbitrary<Stack> = fc
  .array(
    fc.record({
      kind: fc.constantFrom('node', 'hypervisor', 'vm', 'os', 'container', 'app', 'ssi', 'vsmp'),
      on: fc.array(fc.nat({ max: 90 }), { minLength: 1, maxLength: 5 }),
      duplicate: fc.boolean(),
    }),
    { minLength: 1, maxLength: 80 },
  )
  .map((specs) => ({
    name: 'random',
    layers: specs.map(({ kind, on, duplicate }, i): Layer => {
      const id = duplicate && i > 0 ? `L${i - 1}` : `L${i}`;
      const refs = on.map((n) => `L${n}`);
      const placed = kind === 'node' ? {} : { on: kind === 'ssi' || kind === 'vsmp' ? refs : refs[0] };
      // The layout reads ids, kinds and what each layer stands on; the rest of a layer does not matter to it.
      return { id, kind, ...placed } as unknown as Layer;
    }),
  }));

describe('the layout of any stack', () => {
  it('never draws two layers over one another, and keeps the boxes of a row a gap apart', () => {
    fc.assert(
      fc.property(anyStack, (stack) => {
        const { boxes } = layoutStack(stack);
        expect(boxes.size).toBe(stack.layers.length);
        expect(overlapping(boxes)).toEqual([]);
        const rows = new Map<number, LayerBox[]>();
        for (const box of boxes.values()) rows.set(box.y, [...(rows.get(box.y) ?? []), box]);
        for (const row of rows.values()) {
          const sorted = row.sort((a, b) => a.x - b.x);
          for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.x - (sorted[i - 1]!.x + sorted[i - 1]!.width)).toBeGreaterThanOrEqual(H_GAP);
        }
      }),
      { numRuns: 300 },
    );
  });
});
