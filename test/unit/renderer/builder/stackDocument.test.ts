import { describe, expect, it } from 'vitest';
import { parseStack, stackToYaml, type Stack } from '../../../../src/core/stack';
import { dropPaletteItem } from '../../../../src/renderer/features/builder/model/canvasActions';
import { paletteItem } from '../../../../src/renderer/features/builder/model/layerCatalog';
import { analyseStackText, isFlowItem } from '../../../../src/renderer/features/builder/model/stackAnalysis';
import { applyAnalysis, editStack, openDocument, redo, setText, undo, type StackDocument } from '../../../../src/renderer/features/builder/model/stackDocument';
import { deleteLayers, placeOn, renameLayer, setLayerField } from '../../../../src/renderer/features/builder/model/stackEdits';

const start = 'name: One node\nlayers:\n  - { id: N1, kind: node }\n';

/** What the check worker does for the builder, done here in the test's thread. */
const analysed = (doc: StackDocument): StackDocument => applyAnalysis(doc, doc.version, analyseStackText(doc.text));

describe('a stack document, edited from both sides', () => {
  it('rewrites the YAML when the canvas adds a layer', () => {
    const doc = editStack(analysed(openDocument(start)), (s) => dropPaletteItem(s, paletteItem('os:linux')!, 'N1').stack);
    expect(doc.text).toContain('{ id: os1, kind: os, product: linux, on: N1 }');
    expect(doc.stack.layers).toHaveLength(2);
  });

  it('gets its stack from the analysis of its text, and drops an analysis of an older text', () => {
    const doc = openDocument(start);
    expect(doc.stack.layers).toEqual([]);
    const typed = setText(doc, start.replace('N1', 'N2'));
    expect(applyAnalysis(typed, doc.version, analyseStackText(doc.text))).toBe(typed);
    expect(analysed(typed).stack.layers.map((l) => l.id)).toEqual(['N2']);
    expect(analysed(typed).check.classes).toEqual({ N2: 'hardware' });
  });

  it('keeps text that does not parse, reports where, and keeps showing the last good stack', () => {
    const doc = analysed(setText(analysed(openDocument(start)), 'name: One node\nlayers:\n  - { id: N1, kind: node\n'));
    expect(doc.textParses).toBe(false);
    expect(doc.text).toContain('kind: node\n');
    expect(doc.stack.layers.map((l) => l.id)).toEqual(['N1']);
    expect(doc.check.findings[0]).toMatchObject({ severity: 'error', rule: 'yaml-syntax' });
    expect(doc.check.findings[0]!.line).toBeGreaterThan(0);
    expect(doc.check.classes).toEqual({ N1: 'hardware' });
    expect(doc.real).toEqual({ N1: { real: false, why: expect.stringMatching(/stays simulated/) } });
  });

  it('applies a canvas edit made before the typed text was analysed to what was typed', () => {
    const typed = setText(analysed(openDocument(start)), start + '  - { id: N2, kind: node }\n');
    const edited = editStack(typed, (s) => dropPaletteItem(s, paletteItem('os:linux')!, 'N2').stack);
    expect(edited.stack.layers.map((l) => l.id)).toEqual(['N1', 'N2', 'os1']);
    expect(parseStack(edited.text).stack?.layers.map((l) => l.id)).toEqual(['N1', 'N2', 'os1']);
  });

  it('undoes and redoes edits from either side', () => {
    const a = analysed(openDocument(start));
    const b = editStack(a, (s) => dropPaletteItem(s, paletteItem('node')!, undefined).stack);
    const c = setText(b, b.text.replace('name: One node', 'name: Renamed'));
    expect(undo(c).text).toBe(b.text);
    expect(undo(undo(c)).text).toBe(start);
    expect(redo(undo(undo(c))).text).toBe(b.text);
    expect(undo(a)).toBe(a);
  });

  it('undoes a burst of typing in one step', () => {
    const a = openDocument(start);
    const typed = setText(setText(setText(a, start + '#'), start + '#a', true), start + '#ab', true);
    expect(undo(typed).text).toBe(start);
  });

  it('undoes what was typed into a field in one step, however often it was committed, and leaves no step for a field put back', () => {
    const a = analysed(openDocument(start));
    const named = (doc: StackDocument, name: string, again: boolean): StackDocument => editStack(doc, (s) => ({ ...s, name }), again);
    const typed = named(named(named(a, 'Se', false), 'Semi', true), 'Seminar', true);
    expect(typed.stack.name).toBe('Seminar');
    expect(undo(typed).text).toBe(start);
    // Escape puts back the value from before the focus: the field's edits leave no step.
    const putBack = named(typed, 'One node', true);
    expect(putBack.text).toBe(start);
    expect(putBack.past).toEqual(a.past);
  });

  it('forgets redo once something new is done', () => {
    const b = editStack(analysed(openDocument(start)), (s) => dropPaletteItem(s, paletteItem('node')!, undefined).stack);
    const again = setText(undo(b), start + '# note\n');
    expect(redo(again)).toBe(again);
  });
});

describe('a canvas edit written into the YAML', () => {
  const big: Stack = {
    name: 'Many nodes',
    layers: Array.from({ length: 40 }, (_, i) => [
      { id: `n${i}`, kind: 'node' as const, cpus: 4, memoryMiB: 4096 },
      { id: `os${i}`, kind: 'os' as const, product: 'linux' as const, on: `n${i}` },
    ]).flat() as Stack['layers'],
  };
  const written = stackToYaml(parseStack(stackToYaml(big)).stack!);
  const edits: Array<[string, (s: Stack) => Stack]> = [
    ['a field of one layer', (s) => setLayerField(s, 'n7', 'cpus', 8)],
    ['a placement', (s) => placeOn(s, 'os3', 'n5')],
    ['a deletion', (s) => deleteLayers(s, ['os12'])],
    ['a layer added at the end', (s) => dropPaletteItem(s, paletteItem('os:linux')!, 'n39').stack],
    ['a rename (its references change too)', (s) => renameLayer(s, 'n0', 'first')],
  ];
  for (const [what, edit] of edits) {
    it(`gives the text the whole stack would be written as: ${what}`, () => {
      const doc = editStack(analysed(openDocument(written)), edit);
      expect(doc.text).toBe(stackToYaml(doc.stack));
      expect(doc.lines).toEqual(analyseStackText(doc.text).lines);
    });
  }

  it('rewrites only the changed lines: comments and hand-written text elsewhere stay', () => {
    const text = `# my stack\nname: Two\nlayers:\n  - {id: a, kind: node}   \n  - { id: b, kind: node }\nscenario: [] # later\n`;
    const doc = editStack(analysed(openDocument(text)), (s) => setLayerField(s, 'b', 'cpus', 4));
    expect(doc.text).toBe(`# my stack\nname: Two\nlayers:\n  - {id: a, kind: node}   \n  - { id: b, kind: node, cpus: 4 }\nscenario: [] # later\n`);
  });

  it('writes the whole stack when the layers are not one per line', () => {
    const text = 'name: Block\nlayers:\n  - id: a\n    kind: node\n';
    expect(analyseStackText(text).lines).toEqual({ starts: [3], ownLines: false });
    const doc = editStack(analysed(openDocument(text)), (s) => setLayerField(s, 'a', 'cpus', 4));
    expect(doc.text).toBe(stackToYaml(doc.stack));
  });

  it('knows a flow item alone on its line', () => {
    expect(isFlowItem('  - { id: a, kind: node }')).toBe(true);
    expect(isFlowItem('  - { id: a, on: [b, c], description: "x } #" }  ')).toBe(true);
    expect(isFlowItem('  - { id: a } # note')).toBe(false);
    expect(isFlowItem('  - { id: a, x: {b: 1}')).toBe(false);
    expect(isFlowItem('  - id: a')).toBe(false);
  });
});
