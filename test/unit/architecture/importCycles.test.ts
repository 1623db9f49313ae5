import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const src = path.join(root, 'src');
const EXTENSIONS = ['.ts', '.tsx'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return EXTENSIONS.some((x) => e.name.endsWith(x)) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The file a relative import names, as TypeScript resolves it: the file itself, with an extension, or a folder's index. */
function resolve(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [base, ...EXTENSIONS.map((x) => base + x), ...EXTENSIONS.map((x) => path.join(base, 'index' + x)), base.replace(/\.js$/, '.ts')];
  return candidates.find((c) => files.has(c));
}

interface Imports {
  /** Imports that load the module when this one runs. */
  runtime: string[];
  /** Every import, `import type` too. */
  all: string[];
}

/** Whether an import or re-export brings only types (erased when compiled). */
function typeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((e) => e.isTypeOnly)
  );
}

/** Every module of src/ and the src/ modules it imports. */
function moduleGraph(): Map<string, Imports> {
  const files = sourceFiles(src);
  const known = new Set(files);
  const graph = new Map<string, Imports>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const imports: Imports = { runtime: [], all: [] };
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
      const specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
      const target = resolve(file, specifier.text, known);
      if (!target) continue;
      imports.all.push(target);
      if (!typeOnly(statement)) imports.runtime.push(target);
    }
    graph.set(file, imports);
  }
  return graph;
}

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
