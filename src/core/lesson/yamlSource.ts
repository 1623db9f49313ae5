import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** A position inside a YAML text, 1-based. */
export interface YamlPosition {
  line: number;
  column: number;
}

/** A YAML text parsed with enough source information to point at any value in it. */
export interface YamlSource {
  /** The plain JavaScript value; undefined when the text has syntax errors. */
  value: unknown;
  /** Syntax errors, positioned in the YAML text. */
  errors: Array<YamlPosition & { message: string }>;
  /** Where the value at `path` starts; the nearest existing parent when it does not exist. */
  locate(path: ReadonlyArray<PropertyKey>): YamlPosition;
  /** Every key of the mapping at `path` with the position of the key itself. */
  keysAt(path: ReadonlyArray<PropertyKey>): Array<{ key: string; position: YamlPosition }>;
}

/** Parses YAML without throwing and keeps a way back from value paths to positions. */
export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    // The yaml package reports problems as doc.errors; this guards the contract that
    // lesson parsing never throws, whatever the library does on odd input.
    return { value: undefined, errors: [{ line: 1, column: 1, message: String(err) }], locate: () => ({ line: 1, column: 1 }), keysAt: () => [] };
  }
  const at = (offset: number): YamlPosition => {
    const p = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line, column: p.col };
  };
  const errors = doc.errors.map((e) => ({ ...at(e.pos[0]), message: firstLine(e.message) }));
  let value: unknown;
  if (errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      errors.push({ line: 1, column: 1, message: firstLine(String(err)) });
    }
  }
  const nodeAt = (path: ReadonlyArray<PropertyKey>): Node | null => {
    let node: unknown = doc.contents;
    let found: Node | null = isNodeWithRange(node) ? node : null;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
        node = pair?.value;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
      } else {
        break;
      }
      if (!isNodeWithRange(node)) break;
      found = node;
    }
    return found;
  };
  return {
    value,
    errors,
    locate(path) {
      const node = nodeAt(path);
      return node?.range ? at(node.range[0]) : { line: 1, column: 1 };
    },
    keysAt(path) {
      const node = path.length === 0 ? doc.contents : nodeAt(path);
      if (!isMap(node)) return [];
      return node.items.flatMap((p) => (isScalar(p.key) && p.key.range ? [{ key: String(p.key.value), position: at(p.key.range[0]) }] : []));
    },
  };
}

function isNodeWithRange(node: unknown): node is Node {
  return (isMap(node) || isSeq(node) || isScalar(node)) && Array.isArray((node as Node).range);
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
