import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleOf, chainTo, definitionOf, moduleGraph, root, src, type Imports } from './moduleGraph';

/**
 * The stack check runs in the check worker, never on the page's main thread: a large
 * stack takes seconds to check, and the Builder and a lesson's stack cells must keep
 * answering meanwhile (issue #12, fault 6). Its only entry points (checkStack,
 * checkStackText, validateStackText) are defined in one module, so that module must not be
 * in the bundle the page's entry starts, only in the workers' bundles. The same holds for
 * realize, which decides the canvas's real/sim marks: it resolves the whole stack again,
 * which took the page's thread up to 0.8 s at each change of a 10,000-layer stack.
 */
const at = (p: string): string => path.join(src, p);
const pageEntry = at('renderer/main.tsx');

/** Every worker entry the page's bundle starts, and the workers they start. */
function workerEntries(graph: ReadonlyMap<string, Imports>, page: ReadonlyMap<string, unknown>): string[] {
  return [...page.keys()].flatMap((file) => graph.get(file)?.workers ?? []);
}

describe("the renderer's main thread", () => {
  const graph = moduleGraph();
  const page = bundleOf(graph, pageEntry);
  // The module that defines the check, wherever it moves.
  const theCheck = definitionOf(graph, at('core/stack/index.ts'), 'checkStack') as string;
  const checkName = path.relative(root, theCheck);
  const theMarks = definitionOf(graph, at('core/real/index.ts'), 'realize') as string;

  it('finds the module that defines the check, and the same one for each of its entry points', () => {
    for (const name of ['checkStackText', 'validateStackText']) expect(definitionOf(graph, at('core/stack/index.ts'), name)).toBe(theCheck);
    expect(theCheck).toMatch(/core\/stack\/\w+\.ts$/);
  });

  it('holds the Builder view and the lesson cells (the graph reaches what the check must stay out of)', () => {
    for (const view of [
      'renderer/features/builder/BuilderView.tsx',
      'renderer/features/notebook/cells/StackCellView.tsx',
      'renderer/features/notebook/cells/ExerciseCellView.tsx',
    ])
      expect(page.has(at(view)), view).toBe(true);
  });

  it('does not hold the stack check: it is reached only through a worker entry', () => {
    expect(chainTo(page, theCheck)).toEqual([]);
    const workers = workerEntries(graph, page);
    expect(workers).toContain(at('renderer/features/check/checkWorker.ts'));
    expect(bundleOf(graph, at('renderer/features/check/checkWorker.ts')).has(theCheck)).toBe(true);
  });

  it("does not hold realize (the canvas's real/sim marks): the check worker decides them with the Builder's analysis", () => {
    expect(theMarks).toMatch(/core\/real\/\w+\.ts$/);
    expect(chainTo(page, theMarks)).toEqual([]);
    expect(bundleOf(graph, at('renderer/features/check/checkWorker.ts')).has(theMarks)).toBe(true);
  });

  it('is found holding the check when a page module imports it, directly, through a barrel or with import()', () => {
    // The same graph with one page module changed, as a developer might: each must be caught.
    const cell = at('renderer/features/notebook/cells/StackCellView.tsx');
    const withUse = (use: Imports['uses'][number]): Map<string, Imports> => {
      const changed = new Map(graph);
      const imports = graph.get(cell) as Imports;
      changed.set(cell, { ...imports, uses: [...imports.uses, use] });
      return changed;
    };
    const caught = (g: Map<string, Imports>): string[] => chainTo(bundleOf(g, pageEntry), theCheck);
    expect(caught(withUse({ target: at('core/stack/index.ts'), names: ['checkStackText'] })).slice(-2)).toEqual([
      'src/renderer/features/notebook/cells/StackCellView.tsx',
      checkName,
    ]);
    expect(caught(withUse({ target: theCheck, names: ['validateStackText'] })).at(-1)).toBe(checkName);
    expect(caught(withUse({ target: at('core/stack/index.ts'), names: '*' })).at(-1)).toBe(checkName);
    // A name of the barrel that is not the check's brings in only its own module.
    expect(caught(withUse({ target: at('core/stack/index.ts'), names: ['describeLayer'] }))).toEqual([]);
  });
});
