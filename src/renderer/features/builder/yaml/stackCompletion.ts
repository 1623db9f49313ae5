/** One completion the YAML editor offers. */
export interface StackCompletion {
  label: string;
  kind: 'property' | 'value' | 'reference';
  insertText: string;
  detail?: string;
}

/** The parts of a JSON Schema node that completion and hover read. */
export interface SchemaNode {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  description?: string;
  default?: unknown;
}

/** Which part of the file an indented line belongs to: the top-level key above it; null for an unindented line. */
export function sectionAt(lines: readonly string[], lineIndex: number): string | null {
  const current = lines[lineIndex] ?? '';
  if (!/^\s/.test(current)) return null;
  for (let i = lineIndex - 1; i >= 0; i--) {
    const m = /^([A-Za-z_][\w-]*):/.exec(lines[i] ?? '');
    if (m) return m[1] as string;
  }
  return null;
}

/** The alternatives of a oneOf or anyOf node; the node itself otherwise. */
export function variants(node: SchemaNode | undefined): SchemaNode[] {
  return node?.oneOf ?? node?.anyOf ?? (node ? [node] : []);
}

/** The values a node allows, when it lists them (enum, const, boolean, or alternatives of those). */
export function enumOf(node: SchemaNode | undefined): unknown[] {
  if (!node) return [];
  if (node.enum) return node.enum;
  if (node.const !== undefined) return [node.const];
  if (node.type === 'boolean') return [true, false];
  return variants(node).length > 1 ? variants(node).flatMap(enumOf) : [];
}

/**
 * The lines of the list item the cursor is in, from its `- ` line to the cursor's line:
 * one line for a flow-style layer (`- { id: n1, kind: node }`), several for a block-style
 * one. Empty outside a list item and below a flow-style one.
 */
function itemLines(lines: readonly string[], lineIndex: number): string[] {
  for (let i = lineIndex; i >= 0; i--) {
    const line = lines[i] ?? '';
    // A flow-style item ends on its own line: the lines below it are not its continuation.
    if (/^\s*-\s/.test(line)) return i < lineIndex && line.includes('{') ? [] : lines.slice(i, lineIndex + 1);
    if (!/^\s/.test(line)) return [];
  }
  return [];
}

/**
 * Completions from the stack JSON Schema at a cursor: top-level keys, a layer's or
 * scenario step's keys for its `kind` or `do` (the discriminator written in the same
 * item, flow or block style), enum values after a key, and layer ids after `on`,
 * `target`, `to` and `join`. Nothing in a comment. Pure, so it is tested without an editor.
 */
export function stackCompletions(
  schema: Record<string, unknown>,
  lines: readonly string[],
  lineIndex: number,
  column: number,
  ids: readonly string[],
): StackCompletion[] {
  const root = schema as SchemaNode;
  const line = lines[lineIndex] ?? '';
  const before = line.slice(0, column - 1);
  if (/(^|\s)#/.test(before)) return [];
  const section = sectionAt(lines, lineIndex);
  const item = itemLines(lines, lineIndex).join('\n');
  const itemSchemas = section === 'layers' || section === 'scenario' ? variants(root.properties?.[section]?.items) : [];
  const discriminator = section === 'layers' ? 'kind' : 'do';
  const chosen = new RegExp(`${discriminator}:\\s*([\\w-]+)`).exec(item)?.[1];
  const itemSchema = itemSchemas.find((v) => v.properties?.[discriminator]?.const === chosen);
  const references = ids.map((id): StackCompletion => ({ label: id, kind: 'reference', insertText: id, detail: 'layer' }));

  if (section === 'layers' && /\bon:\s*\[[^\]]*$/.test(before)) return references;
  const valueOf = /([\w-]+):\s*[\w-]*$/.exec(before);
  if (valueOf && section !== null) {
    const key = valueOf[1] as string;
    if (['on', 'target', 'to', 'join'].includes(key)) return references;
    if (key === discriminator) {
      return itemSchemas.map((v) => String(v.properties?.[discriminator]?.const)).map((v) => ({ label: v, kind: 'value', insertText: v }));
    }
    const candidates = itemSchema ? [itemSchema] : itemSchemas;
    const values = [...new Set(candidates.flatMap((v) => enumOf(v.properties?.[key])))];
    if (section === 'network') return [];
    return values.map((v) => ({ label: String(v), kind: 'value', insertText: String(v) }));
  }
  if (section === null && /^[\w-]*$/.test(before)) {
    return Object.keys(root.properties ?? {}).map((k) => ({ label: k, kind: 'property', insertText: `${k}: `, detail: 'stack' }));
  }
  if (section === 'network' && /^\s+[\w-]*$/.test(before)) {
    return Object.keys(variants(root.properties?.network)[0]?.properties ?? {}).map((k) => ({ label: k, kind: 'property', insertText: `${k}: ` }));
  }
  const atKey = /(^\s*-\s*\{?|[{,])\s*[\w-]*$/.test(before) || (item !== '' && /^\s+[\w-]*$/.test(before));
  if ((section === 'layers' || section === 'scenario') && atKey) {
    const present = new Set([...item.matchAll(/([\w-]+):/g)].map((m) => m[1]));
    const keys = itemSchema ? Object.keys(itemSchema.properties ?? {}) : [...new Set(itemSchemas.flatMap((v) => Object.keys(v.properties ?? {})))];
    return keys.filter((k) => !present.has(k)).map((k) => ({ label: k, kind: 'property', insertText: `${k}: `, detail: chosen ?? section }));
  }
  return [];
}
