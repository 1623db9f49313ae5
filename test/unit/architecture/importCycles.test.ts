import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleGraph, root, src } from './moduleGraph';

/** The strongly connected components with more than one member (Tarjan): each is an import cycle. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('imports', () => {
  const graph = moduleGraph();
  const relative = (cycle: string[]): string[] => cycle.map((f) => path.relative(root, f));

  it('form no cycle between modules', () => {
    expect(graph.size).toBeGreaterThan(100);
    // Type-only imports are left out: zustand's slices name the whole store's type, which joins them.
    const runtime = new Map([...graph].map(([file, imports]) => [file, imports.runtime]));
    expect(cycles(runtime).map(relative)).toEqual([]);
  });

  it('form no cycle between the folders of src/core (each is a layer of its own)', () => {
    const core = path.join(src, 'core');
    const folderOf = (file: string): string | null => {
      const rel = path.relative(core, file);
      return rel.startsWith('..') || !rel.includes(path.sep) ? null : rel.split(path.sep)[0]!;
    };
    const folders = new Map<string, string[]>();
    for (const [file, imports] of graph) {
      const from = folderOf(file);
      if (!from) continue;
      const to = imports.all.map(folderOf).filter((f): f is string => f !== null && f !== from);
      folders.set(from, [...new Set([...(folders.get(from) ?? []), ...to])]);
    }
    expect(folders.size).toBeGreaterThan(3);
    expect(cycles(folders)).toEqual([]);
  });

  it('are found when there is one', () => {
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });
});
