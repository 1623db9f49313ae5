import type { StackPositions } from './findings';
import { LazyPositions, LineIndex, OffsetTree, UNRECORDED_FLOW } from './sourcePositions';

/** A document read from YAML text: its value as the yaml library's `toJS` gives it, and where each part is written. */
export interface ReadYaml {
  value: unknown;
  positions: StackPositions;
}

/**
 * Reads the part of YAML that stack files are written in, without building a syntax
 * tree: a block mapping at the top, block sequences and mappings under it, one-line flow
 * mappings and sequences (`- { id: x, kind: vm, on: [a, b] }`), plain and quoted
 * one-line scalars resolved as YAML 1.2's core schema does, and comments.
 *
 * Anything else gives undefined, and the caller reads the text with the yaml library:
 * anchors, tags, block scalars, multi-line scalars or flow collections, empty values,
 * keys other than plain names, duplicate keys, tabs, several documents and every syntax
 * error. So for a text this reader accepts, the value and the positions are the ones the
 * yaml library gives (test/unit/core/stack/yamlSubset.test.ts compares them), and the
 * library's error messages are the only ones a user sees.
 */
export function readYamlSubset(text: string): ReadYaml | undefined {
  if (text.includes('\t') || text.charCodeAt(0) === 0xfeff) return undefined;
  // The flow collections were read once already: reading one again cannot leave the subset.
  const reread = (offset: number): OffsetTree => {
    const tree = new OffsetTree(reread);
    new SubsetReader(text, tree, true).flowAt(offset);
    return tree;
  };
  const tree = new OffsetTree(reread);
  try {
    const value = new SubsetReader(text, tree, false).document();
    return { value, positions: new LazyPositions(tree, new LineIndex(text)) };
  } catch (err) {
    if (err === outside) return undefined;
    throw err;
  }
}

/** Thrown (never seen by callers) when the text leaves the subset. */
const outside = Symbol('outside the YAML subset');

const SPACE = 0x20;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const COLON = 0x3a;
const COMMA = 0x2c;
const DASH = 0x2d;
const DOT = 0x2e;
const PLUS = 0x2b;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

/** YAML's implicit keys are limited to 1024 characters; stay well inside. */
const MAX_KEY = 1000;

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Characters of a plain key: letters, digits, `_` and `-` (no `.` or `#`, which positions' paths use). */
function isKeyChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 0x5f || c === DASH;
}

/** Characters this reader accepts inside scalars: printable, no line separators or byte-order marks. */
function isPlainSafe(c: number): boolean {
  if (c < 0x80) return c >= SPACE && c !== 0x7f;
  return c > 0xa0 && c !== 0xfeff && c !== 0x2028 && c !== 0x2029 && c !== 0xfffe && c !== 0xffff;
}

/** Keys the core schema would read as something other than text. */
const nonTextKeys = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '__proto__']);

/** The core schema's scalar tags (yaml's schema/core), in the order it tries them. */
const nullTest = /^(?:~|[Nn]ull|NULL)$/;
const boolTest = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const intOctTest = /^0o[0-7]+$/;
const intTest = /^[-+]?[0-9]+$/;
const intHexTest = /^0x[0-9a-fA-F]+$/;
const floatNaNTest = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const floatExpTest = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const floatTest = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** What a plain scalar means: null, a boolean, a number, else the text itself. */
function resolvePlain(raw: string): unknown {
  const c = raw.charCodeAt(0);
  // Text that starts otherwise matches no tag: skip the tests.
  if (!(isDigit(c) || c === DASH || c === PLUS || c === DOT || c === 0x7e || c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46))
    return raw;
  if (nullTest.test(raw)) return null;
  if (boolTest.test(raw)) return c === 0x74 || c === 0x54;
  if (intOctTest.test(raw)) return parseInt(raw.substring(2), 8);
  if (intTest.test(raw)) return parseInt(raw, 10);
  if (intHexTest.test(raw)) return parseInt(raw.substring(2), 16);
  if (floatNaNTest.test(raw)) return raw.slice(-3).toLowerCase() === 'nan' ? NaN : raw.charCodeAt(0) === DASH ? -Infinity : Infinity;
  if (floatExpTest.test(raw) || floatTest.test(raw)) return parseFloat(raw);
  return raw;
}

class SubsetReader {
  /** The reading position. */
  private i = 0;
  /** Indentation of the content line `i` is on (at its first character), or -1 at the end. */
  private indent = -1;
  /** The collection the last value read is, or -1 for a scalar. */
  private child = -1;
  /** Keys read so far, by first character and length (see `key`). */
  private readonly keys: Array<string | undefined> = [];

  /**
   * @param tree where block collections are recorded, and flow collections when
   *   `recordFlow`; otherwise a flow collection is recorded as its start only.
   */
  constructor(
    private readonly s: string,
    private readonly tree: OffsetTree,
    private readonly recordFlow: boolean,
  ) {}

  /** Reads the flow collection at `offset`, recording it. */
  flowAt(offset: number): void {
    this.i = offset;
    this.inline(true);
  }

  document(): unknown {
    this.nextLine();
    if (this.indent !== 0) throw outside;
    // blockMap returns at the first line indented less than 0: the end of the text.
    return this.blockMap(0);
  }

  /** From the start of a line, skips blank and comment lines and stops on the first character of the next content line. */
  private nextLine(): void {
    const s = this.s;
    for (;;) {
      const lineStart = this.i;
      if (lineStart >= s.length) {
        this.indent = -1;
        return;
      }
      let j = lineStart;
      while (s.charCodeAt(j) === SPACE) j++;
      const c = s.charCodeAt(j);
      if (j >= s.length) {
        this.i = j;
        continue;
      }
      if (c === LF || c === CR || c === HASH) {
        this.i = j;
        this.skipToNextLine();
        continue;
      }
      // Document markers and directives.
      if (j === lineStart && (c === 0x25 || s.startsWith('---', j) || s.startsWith('...', j))) throw outside;
      this.i = j;
      this.indent = j - lineStart;
      return;
    }
  }

  /** Skips a comment (or nothing) to the end of the line and past its line break. */
  private skipToNextLine(): void {
    const s = this.s;
    let j = this.i;
    if (s.charCodeAt(j) === HASH) {
      while (j < s.length && s.charCodeAt(j) !== LF && s.charCodeAt(j) !== CR) {
        if (!isPlainSafe(s.charCodeAt(j))) throw outside;
        j++;
      }
    }
    this.i = this.lineBreak(j);
  }

  /** The offset after the line break at `j` (or the end of the text); anything else there is outside. */
  private lineBreak(j: number): number {
    const s = this.s;
    if (j >= s.length) return j;
    const c = s.charCodeAt(j);
    if (c === LF) return j + 1;
    if (c === CR && s.charCodeAt(j + 1) === LF) return j + 2;
    throw outside;
  }

  /** After a value on a line: spaces, an optional comment after a space, the line break; then the next content line. */
  private endLine(): void {
    const s = this.s;
    let j = this.i;
    while (s.charCodeAt(j) === SPACE) j++;
    if (s.charCodeAt(j) === HASH && j === this.i) throw outside;
    this.i = j;
    this.skipToNextLine();
    this.nextLine();
  }

  /** A plain key at `i` followed by `:` and a space or the line's end; returns its end, or -1 when there is none. */
  private keyEnd(): number {
    const s = this.s;
    let j = this.i;
    const c = s.charCodeAt(j);
    if (!(isLetter(c) || c === 0x5f)) return -1;
    while (isKeyChar(s.charCodeAt(j))) j++;
    if (s.charCodeAt(j) !== COLON) return -1;
    const after = s.charCodeAt(j + 1);
    return after === SPACE || after === LF || after === CR || j + 1 >= s.length ? j : -1;
  }

  private key(end: number): string {
    const length = end - this.i;
    if (length > MAX_KEY) throw outside;
    // Every layer repeats the same few keys: reuse the one read last with this first
    // character and length when it is the same text, instead of a new string per key.
    const slot = length < 32 ? ((this.s.charCodeAt(this.i) & 0x7f) << 5) | length : -1;
    const seen = slot < 0 ? undefined : this.keys[slot];
    if (seen !== undefined && this.s.startsWith(seen, this.i)) return seen;
    const key = this.s.slice(this.i, end);
    if (nonTextKeys.has(key)) throw outside;
    if (slot >= 0) this.keys[slot] = key;
    return key;
  }

  /** A block mapping whose keys stand at column `n`; `i` is on its first key. Returns at the first line indented less. */
  private blockMap(n: number): Record<string, unknown> {
    const s = this.s;
    const tree = this.tree;
    const node = tree.begin(this.i, false);
    const mark = tree.mark();
    const map: Record<string, unknown> = {};
    for (;;) {
      const keyAt = this.i;
      const end = this.keyEnd();
      if (end < 0) throw outside;
      const key = this.key(end);
      if (Object.hasOwn(map, key)) throw outside;
      let j = end + 1;
      while (s.charCodeAt(j) === SPACE) j++;
      const c = s.charCodeAt(j);
      let valueAt: number;
      if (j >= s.length || c === LF || c === CR || c === HASH) {
        // The value is a block collection on the next lines.
        this.i = j;
        this.skipToNextLine();
        this.nextLine();
        valueAt = this.i;
        if (this.indent >= n && this.isSeqItem()) map[key] = this.blockSeq(this.indent);
        else if (this.indent > n) map[key] = this.blockMap(this.indent);
        else throw outside;
      } else {
        this.i = valueAt = j;
        map[key] = this.inline(false);
        this.endLine();
      }
      tree.entry(key, keyAt, valueAt, this.child);
      if (this.indent < n) break;
      if (this.indent > n) throw outside;
    }
    tree.end(node, mark);
    this.child = node;
    return map;
  }

  private isSeqItem(): boolean {
    const s = this.s;
    if (s.charCodeAt(this.i) !== DASH) return false;
    const after = s.charCodeAt(this.i + 1);
    return after === SPACE || after === LF || after === CR || this.i + 1 >= s.length;
  }

  /** A block sequence whose dashes stand at column `n`; `i` is on its first dash. */
  private blockSeq(n: number): unknown[] {
    const s = this.s;
    const tree = this.tree;
    const node = tree.begin(this.i, true);
    const mark = tree.mark();
    const seq: unknown[] = [];
    for (;;) {
      const dash = this.i;
      let j = dash + 1;
      if (s.charCodeAt(j) !== SPACE) throw outside;
      while (s.charCodeAt(j) === SPACE) j++;
      const c = s.charCodeAt(j);
      if (j >= s.length || c === LF || c === CR || c === HASH) throw outside;
      this.i = j;
      if (this.isSeqItem()) throw outside;
      if (this.keyEnd() >= 0) {
        // `- key: value`: a mapping whose keys stand where this first one does.
        const lineStart = s.lastIndexOf('\n', dash) + 1;
        seq.push(this.blockMap(j - lineStart));
      } else {
        seq.push(this.inline(false));
        this.endLine();
      }
      tree.entry(undefined, j, j, this.child);
      if (this.indent < n) break;
      if (this.indent > n) throw outside;
      // A key at this column ends a sequence written under its mapping's key.
      if (!this.isSeqItem()) break;
    }
    tree.end(node, mark);
    this.child = node;
    return seq;
  }

  /** A value that ends on its line: a flow collection, a quoted or a plain scalar. */
  private inline(inFlow: boolean): unknown {
    const c = this.s.charCodeAt(this.i);
    if (c === LBRACE) return this.flowMap();
    if (c === LBRACKET) return this.flowSeq();
    this.child = -1;
    if (c === DQUOTE) return this.doubleQuoted();
    if (c === SQUOTE) return this.singleQuoted();
    return this.plain(inFlow);
  }

  private skipSpaces(): void {
    while (this.s.charCodeAt(this.i) === SPACE) this.i++;
  }

  /** `{ key: value, ... }` on one line. */
  private flowMap(): Record<string, unknown> {
    const s = this.s;
    const tree = this.recordFlow ? this.tree : undefined;
    const node = tree ? tree.begin(this.i, false) : UNRECORDED_FLOW;
    const mark = tree ? tree.mark() : 0;
    const map: Record<string, unknown> = {};
    this.i++;
    this.skipSpaces();
    while (s.charCodeAt(this.i) !== RBRACE) {
      const keyAt = this.i;
      const end = this.keyEnd();
      if (end < 0 || s.charCodeAt(end + 1) !== SPACE) throw outside;
      const key = this.key(end);
      if (Object.hasOwn(map, key)) throw outside;
      this.i = end + 1;
      this.skipSpaces();
      const valueAt = this.i;
      map[key] = this.inline(true);
      tree?.entry(key, keyAt, valueAt, this.child);
      this.skipSpaces();
      const c = s.charCodeAt(this.i);
      if (c === COMMA) {
        this.i++;
        this.skipSpaces();
      } else if (c !== RBRACE) throw outside;
    }
    this.i++;
    tree?.end(node, mark);
    this.child = node;
    return map;
  }

  /** `[ value, ... ]` on one line. */
  private flowSeq(): unknown[] {
    const s = this.s;
    const tree = this.recordFlow ? this.tree : undefined;
    const node = tree ? tree.begin(this.i, true) : UNRECORDED_FLOW;
    const mark = tree ? tree.mark() : 0;
    const seq: unknown[] = [];
    this.i++;
    this.skipSpaces();
    while (s.charCodeAt(this.i) !== RBRACKET) {
      const valueAt = this.i;
      seq.push(this.inline(true));
      tree?.entry(undefined, valueAt, valueAt, this.child);
      this.skipSpaces();
      const c = s.charCodeAt(this.i);
      if (c === COMMA) {
        this.i++;
        this.skipSpaces();
      } else if (c !== RBRACKET) throw outside;
    }
    this.i++;
    tree?.end(node, mark);
    this.child = node;
    return seq;
  }

  /** `"text"` without escapes. */
  private doubleQuoted(): string {
    const s = this.s;
    const start = this.i + 1;
    let j = start;
    for (;;) {
      const c = s.charCodeAt(j);
      if (c === DQUOTE) break;
      if (c === BACKSLASH || !isPlainSafe(c)) throw outside;
      j++;
    }
    this.i = j + 1;
    return s.slice(start, j);
  }

  /** `'text'`, where `''` is one quote. */
  private singleQuoted(): string {
    const s = this.s;
    let j = this.i + 1;
    let out = '';
    let from = j;
    for (;;) {
      const c = s.charCodeAt(j);
      if (c === SQUOTE) {
        if (s.charCodeAt(j + 1) !== SQUOTE) break;
        out += s.slice(from, j + 1);
        j += 2;
        from = j;
        continue;
      }
      if (!isPlainSafe(c)) throw outside;
      j++;
    }
    this.i = j + 1;
    return out + s.slice(from, j);
  }

  /**
   * A plain scalar to the end of the line (before a comment), or in a flow collection to
   * the next `,`, `}` or `]`. Scalars that start with an indicator, or hold `:`, `#` or
   * (in flow) a bracket, are left to the yaml library.
   */
  private plain(inFlow: boolean): unknown {
    const s = this.s;
    const start = this.i;
    const c = s.charCodeAt(start);
    const next = s.charCodeAt(start + 1);
    const startsWell =
      isLetter(c) ||
      isDigit(c) ||
      c === 0x5f ||
      c === 0x2f ||
      c === 0x28 ||
      c === 0x7e ||
      c === 0x24 ||
      (c >= 0x80 && isPlainSafe(c)) ||
      ((c === DASH || c === PLUS || c === DOT) && (isKeyChar(next) || next === DOT));
    if (!startsWell) throw outside;
    let j = start;
    let end = start;
    for (;;) {
      const ch = s.charCodeAt(j);
      if (j >= s.length || ch === LF || ch === CR) {
        if (inFlow) throw outside;
        break;
      }
      if (ch === COLON) throw outside;
      if (ch === HASH) {
        if (inFlow || s.charCodeAt(j - 1) !== SPACE) throw outside;
        break;
      }
      if (inFlow && (ch === COMMA || ch === RBRACE || ch === RBRACKET)) break;
      if (inFlow && (ch === LBRACE || ch === LBRACKET)) throw outside;
      if (!isPlainSafe(ch)) throw outside;
      j++;
      if (ch !== SPACE) end = j;
    }
    this.i = end;
    // Most numbers of a stack are small decimal integers: read them without a string.
    if (end - start <= 15) {
      let n = 0;
      let k = start;
      while (k < end && isDigit(s.charCodeAt(k))) n = n * 10 + s.charCodeAt(k++) - 0x30;
      if (k === end) return n;
    }
    return resolvePlain(s.slice(start, end));
  }
}
