import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The repository's root and its src/ folder. */
export const root = path.resolve(import.meta.dirname, '../../..');
export const src = path.join(root, 'src');
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

/** What one module of src/ imports and exports. */
export interface Imports {
  /** Imports and re-exports that load the module when this one runs. */
  runtime: string[];
  /** Every import, `import type` too. */
  all: string[];
  /** What this module's own code takes from others when it runs: named bindings, or '*' for a whole module (namespace, side effect, `import()`). */
  uses: Array<{ target: string; names: string[] | '*' }>;
  /** The names this module declares and exports itself. */
  own: Set<string>;
  /** `export { name as alias } from './x'`: alias -> the name in x. */
  reexports: Map<string, { target: string; name: string }>;
  /** `export * from './x'`. */
  stars: string[];
  /** Worker entries it starts, which the bundler builds apart: `new URL('./x.ts', import.meta.url)` and `./x.ts?worker` imports. */
  workers: string[];
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

/** The value names an import takes, or '*' when it takes (or runs) the whole module. */
function importedNames(node: ts.ImportDeclaration): string[] | '*' {
  const clause = node.importClause;
  if (!clause) return '*';
  const names: string[] = clause.name ? ['default'] : [];
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) return '*';
  if (bindings) for (const e of bindings.elements) if (!e.isTypeOnly) names.push((e.propertyName ?? e.name).text);
  return names;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** The names a top-level statement exports of its own, if any. */
function ownExports(statement: ts.Statement): string[] {
  if (ts.isExportAssignment(statement)) return ['default'];
  if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
    return statement.exportClause.elements.map((e) => e.name.text);
  }
  if (!hasModifier(statement, ts.SyntaxKind.ExportKeyword)) return [];
  if (hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) return ['default'];
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name)
    return [statement.name.text];
  return [];
}

/** Every module of src/ with what it imports, exports and starts as a worker. */
export function moduleGraph(): Map<string, Imports> {
  const files = sourceFiles(src);
  const known = new Set(files);
  const graph = new Map<string, Imports>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const imports: Imports = { runtime: [], all: [], uses: [], own: new Set(), reexports: new Map(), stars: [], workers: [] };
    for (const statement of source.statements) {
      for (const name of ownExports(statement)) imports.own.add(name);
      if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
      const specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
      const [bare, query] = specifier.text.split('?');
      const target = resolve(file, bare as string, known);
      if (!target) continue;
      if (query?.split('&').includes('worker')) {
        imports.workers.push(target);
        continue;
      }
      imports.all.push(target);
      if (typeOnly(statement)) continue;
      imports.runtime.push(target);
      if (ts.isImportDeclaration(statement)) imports.uses.push({ target, names: importedNames(statement) });
      else if (!statement.exportClause) imports.stars.push(target);
      else if (ts.isNamedExports(statement.exportClause)) {
        for (const e of statement.exportClause.elements)
          if (!e.isTypeOnly) imports.reexports.set(e.name.text, { target, name: (e.propertyName ?? e.name).text });
      }
    }
    // `import('./x')` loads a whole module when it runs; `new URL('./x.ts', import.meta.url)` names a file the bundler builds apart (a worker).
    const visit = (node: ts.Node): void => {
      const literal = ts.isCallExpression(node) || ts.isNewExpression(node) ? node.arguments?.[0] : undefined;
      if (literal && ts.isStringLiteral(literal) && literal.text.startsWith('.')) {
        const target = resolve(file, literal.text, known);
        if (target && ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) imports.uses.push({ target, names: '*' });
        if (target && ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') imports.workers.push(target);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    graph.set(file, imports);
  }
  return graph;
}

/** The module that defines `name` as `file` exports it, following re-exports; undefined when it cannot be found. */
export function definitionOf(graph: ReadonlyMap<string, Imports>, file: string, name: string, seen = new Set<string>()): string | undefined {
  const m = graph.get(file);
  if (!m || seen.has(file)) return undefined;
  seen.add(file);
  if (m.own.has(name)) return file;
  const re = m.reexports.get(name);
  if (re) return definitionOf(graph, re.target, re.name, seen);
  for (const star of m.stars) {
    const found = definitionOf(graph, star, name, seen);
    if (found) return found;
  }
  return undefined;
}

/**
 * The modules whose code runs in the bundle that starts at `entry`, each with the module
 * that brought it in. A name imported through a barrel (an index re-exporting others)
 * brings in only the module that defines it, as the bundler's tree-shaking does; a module
 * brought in brings in everything its own code imports. Workers it starts are bundles of
 * their own and are not followed.
 */
export function bundleOf(graph: ReadonlyMap<string, Imports>, entry: string): Map<string, string | null> {
  const from = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  const reach = (file: string, by: string): void => {
    if (from.has(file)) return;
    from.set(file, by);
    queue.push(file);
  };
  /** A whole module: its code, and everything it re-exports. */
  const whole = (file: string, by: string, seen = new Set<string>()): void => {
    if (seen.has(file)) return;
    seen.add(file);
    reach(file, by);
    const m = graph.get(file);
    for (const re of m?.reexports.values() ?? []) whole(re.target, file, seen);
    for (const star of m?.stars ?? []) whole(star, file, seen);
  };
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const use of graph.get(file)?.uses ?? []) {
      if (use.names === '*') whole(use.target, file);
      else
        for (const name of use.names) {
          const definition = definitionOf(graph, use.target, name);
          if (definition) reach(definition, file);
          else whole(use.target, file);
        }
    }
  }
  return from;
}

/** The chain of modules from a bundle's entry to `file`, as paths relative to the repository; empty when the bundle does not hold it. */
export function chainTo(bundle: ReadonlyMap<string, string | null>, file: string): string[] {
  const chain: string[] = [];
  if (!bundle.has(file)) return chain;
  for (let at: string | null | undefined = file; at; at = bundle.get(at)) chain.unshift(path.relative(root, at));
  return chain;
}
