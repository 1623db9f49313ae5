import { describe, expect, it } from 'vitest';
import { dropPaletteItem } from '../../../../src/renderer/features/builder/model/canvasActions';
import { paletteItem } from '../../../../src/renderer/features/builder/model/layerCatalog';
import { editStack, openDocument, redo, setText, undo } from '../../../../src/renderer/features/builder/model/stackDocument';

const start = 'name: One node\nlayers:\n  - { id: N1, kind: node }\n';

describe('a stack document, edited from both sides', () => {
  it('rewrites the YAML when the canvas adds a layer', () => {
    const doc = editStack(openDocument(start), (s) => dropPaletteItem(s, paletteItem('os:linux')!, 'N1').stack);
    expect(doc.text).toContain('{ id: os1, kind: os, product: linux, on: N1 }');
    expect(doc.stack.layers).toHaveLength(2);
  });

  it('keeps text that does not parse, reports where, and keeps showing the last good stack', () => {
    const doc = setText(openDocument(start), 'name: One node\nlayers:\n  - { id: N1, kind: node\n');
    expect(doc.textParses).toBe(false);
    expect(doc.text).toContain('kind: node\n');
    expect(doc.stack.layers.map((l) => l.id)).toEqual(['N1']);
    expect(doc.parseFindings[0]).toMatchObject({ severity: 'error', rule: 'yaml-syntax' });
    expect(doc.parseFindings[0]!.line).toBeGreaterThan(0);
  });

  it('undoes and redoes edits from either side', () => {
    const a = openDocument(start);
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

  it('forgets redo once something new is done', () => {
    const b = editStack(openDocument(start), (s) => dropPaletteItem(s, paletteItem('node')!, undefined).stack);
    const again = setText(undo(b), start + '# note\n');
    expect(redo(again)).toBe(again);
  });
});
