import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import { compareFindings, type Finding, type SourcePosition } from './findings';
import type { ReadYaml } from './yamlSubset';

type Path = ReadonlyArray<string | number>;

/** What the yaml library made of a text: the document, or the syntax errors that stop the check. */
export type LibraryRead = ReadYaml | { findings: Finding[]; positions: Map<string, SourcePosition> };

/**
 * Reads any YAML text with the yaml library: the whole language, and positioned
 * `yaml-syntax` findings for what is not YAML. Every position of the document is
 * recorded as it is read.
 */
export function readWithYamlLibrary(text: string): LibraryRead {
  const lineCounter = new LineCounter();
  // yaml's own duplicate-key check compares each key with every earlier one (quadratic);
  // duplicateKeys finds them in one pass instead.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const positions = new Map<string, SourcePosition>();
  const at = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };

  // concat, not push(...): a file may hold more findings than a call has room for arguments.
  const syntax: Finding[] = doc.errors
    .map((e): Finding => ({
      severity: 'error',
      rule: 'yaml-syntax',
      ...at(e.pos[0]),
      message: firstLine(e.message),
    }))
    .concat(duplicateKeys(doc, at));
  if (syntax.length > 0) return { findings: syntax.sort(compareFindings), positions };

  if (doc.contents) recordPositions(doc.contents, [], positions, at);
  try {
    return { value: doc.toJS(), positions };
  } catch (err) {
    // An alias to an anchor that is not set, or too many aliases: YAML the parser accepted but cannot build.
    return { findings: [{ severity: 'error', rule: 'yaml-syntax', ...at(firstAliasOffset(doc)), message: firstLine((err as Error).message) }], positions };
  }
}

/**
 * A `yaml-syntax` error for every mapping key that repeats an earlier key of the same
 * mapping (scalar keys compared by value, as yaml's `uniqueKeys` does), in linear time.
 */
function duplicateKeys(doc: Document, at: (offset: number) => SourcePosition): Finding[] {
  const out: Finding[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Map<unknown, YamlNode>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        const first = seen.get(key.value);
        if (first === undefined) {
          seen.set(key.value, key);
          continue;
        }
        const where = at(key.range?.[0] ?? 0);
        const firstAt = first.range ? ` (first set at line ${at(first.range[0]).line})` : '';
        out.push({ severity: 'error', rule: 'yaml-syntax', ...where, message: `Map keys must be unique: "${String(key.value)}" is set twice${firstAt}` });
      }
    },
  });
  return out;
}

/** Where the first alias (`*name`) of a document is, else its start. */
function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/** Walks the YAML tree and records where every value and mapping key starts. */
function recordPositions(node: YamlNode, path: Path, positions: Map<string, SourcePosition>, at: (offset: number) => SourcePosition): void {
  if (node.range) positions.set(path.join('.'), at(node.range[0]));
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const keyPath = [...path, key];
      if (pair.key.range) positions.set(`${keyPath.join('.')}#key`, at(pair.key.range[0]));
      if (pair.value && typeof pair.value === 'object' && 'range' in pair.value) {
        recordPositions(pair.value as YamlNode, keyPath, positions, at);
      } else if (pair.key.range) {
        // `key:` with no value: point at the key.
        positions.set(keyPath.join('.'), at(pair.key.range[0]));
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (item && typeof item === 'object' && 'range' in item) recordPositions(item as YamlNode, [...path, i], positions, at);
    });
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
