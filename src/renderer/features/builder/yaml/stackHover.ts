import { enumOf, sectionAt, variants, type SchemaNode } from './stackCompletion';

/** The documentation the YAML editor shows when the mouse rests on a key of a stack file. */
export interface StackHover {
  /** 1-based columns of the key on its line, end exclusive (Monaco's range). */
  startColumn: number;
  endColumn: number;
  /** Markdown: the key, the layer kind or scenario step it belongs to, its description, type, values and default. */
  markdown: string;
}

/** A key (a word followed by `:`) at the start of a line, after `- `, `{` or `,`. */
const KEY = /(^|[\s{,])([A-Za-z_][\w-]*)\s*:/g;

/** The lines of the list item `lineIndex` is in: from its `- ` line to the line before the next item or key. */
function itemText(lines: readonly string[], lineIndex: number): string {
  let start = lineIndex;
  while (start > 0 && !/^\s*-\s/.test(lines[start] ?? '') && /^\s/.test(lines[start - 1] ?? '')) start--;
  let end = lineIndex + 1;
  while (end < lines.length && /^\s/.test(lines[end] ?? '') && !/^\s*-\s/.test(lines[end] ?? '')) end++;
  return lines.slice(start, end).join('\n');
}

function describe(key: string, node: SchemaNode, context: string | undefined): string {
  const head = context ? `**${key}** (${context})` : `**${key}**`;
  const parts = [head];
  if (node.description) parts.push(node.description);
  const values = enumOf(node);
  const facts: string[] = [];
  if (values.length > 1) facts.push(`One of: ${values.map((v) => `\`${String(v)}\``).join(', ')}.`);
  else if (values.length === 0 && node.type) facts.push(`Type: ${node.type}.`);
  if (node.default !== undefined) facts.push(`Default: \`${String(node.default)}\`.`);
  if (facts.length > 0) parts.push(facts.join(' '));
  return parts.join('\n\n');
}

/**
 * The hover documentation of the key under a cursor, from the stack JSON Schema (the zod
 * schema's `.describe()` texts): a top-level key, a `network` key, or a key of a layer or
 * scenario step, documented for its `kind` or `do` wherever in the item that is written.
 * Null off a key, or on a key the schema does not know. Pure, so it is tested without an editor.
 */
export function stackHover(schema: Record<string, unknown>, lines: readonly string[], lineIndex: number, column: number): StackHover | null {
  const root = schema as SchemaNode;
  const line = lines[lineIndex] ?? '';
  let key: string | undefined;
  let startColumn = 0;
  for (const m of line.matchAll(KEY)) {
    const start = (m.index ?? 0) + (m[1] as string).length + 1;
    const name = m[2] as string;
    if (column >= start && column < start + name.length) {
      key = name;
      startColumn = start;
      break;
    }
  }
  if (key === undefined) return null;
  const at = { startColumn, endColumn: startColumn + key.length };
  const topKey = /^([A-Za-z_][\w-]*)\s*:/.exec(line)?.[1];
  if (topKey !== undefined && startColumn === 1) {
    const node = root.properties?.[key];
    return node ? { ...at, markdown: describe(key, node, 'stack') } : null;
  }
  const section = topKey ?? sectionAt(lines, lineIndex);
  if (section === 'network') {
    const node = variants(root.properties?.network).find((v) => v.properties?.[key])?.properties?.[key];
    return node ? { ...at, markdown: describe(key, node, 'network') } : null;
  }
  if (section !== 'layers' && section !== 'scenario') return null;
  const items = variants(root.properties?.[section]?.items);
  const discriminator = section === 'layers' ? 'kind' : 'do';
  const chosen = new RegExp(`(?:^|[\\s{,])${discriminator}\\s*:\\s*([\\w-]+)`).exec(itemText(lines, lineIndex))?.[1];
  const item = items.find((v) => v.properties?.[discriminator]?.const === chosen && v.properties?.[key]);
  const node = (item ?? items.find((v) => v.properties?.[key]))?.properties?.[key];
  if (!node) return null;
  const context = item ? `${section === 'layers' ? 'layer' : 'step'} ${chosen}` : section === 'layers' ? 'layer' : 'scenario step';
  return { ...at, markdown: describe(key, node, context) };
}
