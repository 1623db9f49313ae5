import type { SourcePosition, StackPositions } from './findings';

/**
 * Line and column of text offsets. The table of line starts is built on the first
 * question, so a file whose positions nobody asks for never pays for it.
 */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** The 1-based line and column of `offset` (a UTF-16 index, as the yaml library counts). */
  at(offset: number): SourcePosition {
    const starts = (this.starts ??= lineStarts(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** An entry's `child` when its value is a flow collection whose insides were not recorded: read again when asked. */
export const UNRECORDED_FLOW = -2;

/**
 * Where the collections, keys and values of a document start, kept as offsets in flat
 * arrays while it is read: one entry per key or item, no object per position. Each
 * collection's entries end up side by side (`first`, `count`), so a sequence's item is
 * found by index and a mapping's key by scanning its few keys.
 *
 * A one-line flow collection (a layer, mostly) is recorded as its start only: `reread`
 * reads it again into a tree of its own when a path leads into it.
 */
export class OffsetTree {
  /** Per collection: its start offset, its first entry, its entry count, whether it is a sequence. */
  private readonly nodeStart: number[] = [];
  private readonly nodeFirst: number[] = [];
  private readonly nodeCount: number[] = [];
  private readonly nodeIsSeq: boolean[] = [];
  /** Per entry: the key (mappings), where the key and the value start, the value's collection, -1 for a scalar or UNRECORDED_FLOW. */
  private readonly entryKey: Array<string | undefined> = [];
  private readonly entryKeyAt: number[] = [];
  private readonly entryValueAt: number[] = [];
  private readonly entryChild: number[] = [];
  /** Entries of the collections still open, innermost last: a collection closes before its parent takes the entry. */
  private readonly open: { key: Array<string | undefined>; keyAt: number[]; valueAt: number[]; child: number[] } = {
    key: [],
    keyAt: [],
    valueAt: [],
    child: [],
  };

  /** Key to entry, for the large mappings that were searched. */
  private readonly keyIndex = new Map<number, Map<string, number>>();

  constructor(private readonly reread: (offset: number) => OffsetTree) {}

  /** Starts a collection at `offset`; returns its number. */
  begin(offset: number, isSeq: boolean): number {
    this.nodeStart.push(offset);
    this.nodeFirst.push(0);
    this.nodeCount.push(0);
    this.nodeIsSeq.push(isSeq);
    return this.nodeStart.length - 1;
  }

  /** Where the pending entries of a collection opened now begin. */
  mark(): number {
    return this.open.key.length;
  }

  /** An entry of the innermost open collection. */
  entry(key: string | undefined, keyAt: number, valueAt: number, child: number): void {
    this.open.key.push(key);
    this.open.keyAt.push(keyAt);
    this.open.valueAt.push(valueAt);
    this.open.child.push(child);
  }

  /** Closes collection `node`, whose entries are the pending ones from `mark` on. */
  end(node: number, mark: number): void {
    const { key, keyAt, valueAt, child } = this.open;
    this.nodeFirst[node] = this.entryKey.length;
    this.nodeCount[node] = key.length - mark;
    for (let i = mark; i < key.length; i++) {
      this.entryKey.push(key[i]);
      this.entryKeyAt.push(keyAt[i] as number);
      this.entryValueAt.push(valueAt[i] as number);
      this.entryChild.push(child[i] as number);
    }
    key.length = keyAt.length = valueAt.length = child.length = mark;
  }

  /** The offset of a path in the `StackPositions` notation (`layers.2.on.1`, `layers.2.cpu#key`), or -1. */
  offsetOf(path: string): number {
    if (this.nodeStart.length === 0) return -1;
    if (path === '') return this.nodeStart[0] as number;
    const isKey = path.endsWith('#key');
    return this.offsetIn(0, (isKey ? path.slice(0, -4) : path).split('.'), 0, isKey);
  }

  /** The offset of `parts` from `from` on, starting in collection `node`. */
  private offsetIn(node: number, parts: readonly string[], from: number, isKey: boolean): number {
    for (let p = from; p < parts.length; p++) {
      const e = this.find(node, parts[p] as string);
      if (e < 0) return -1;
      if (p === parts.length - 1) {
        if (isKey) return this.nodeIsSeq[node] ? -1 : (this.entryKeyAt[e] as number);
        return this.entryValueAt[e] as number;
      }
      node = this.entryChild[e] as number;
      if (node === UNRECORDED_FLOW) return this.reread(this.entryValueAt[e] as number).offsetIn(0, parts, p + 1, isKey);
      if (node < 0) return -1;
    }
    return -1;
  }

  private find(node: number, part: string): number {
    const first = this.nodeFirst[node] as number;
    const count = this.nodeCount[node] as number;
    if (this.nodeIsSeq[node]) {
      const i = Number(part);
      return Number.isInteger(i) && i >= 0 && i < count && String(i) === part ? first + i : -1;
    }
    if (count <= 16) {
      for (let e = first; e < first + count; e++) if (this.entryKey[e] === part) return e;
      return -1;
    }
    // A mapping of many keys (a file can hold thousands of unknown ones, each asking for its position) gets an index.
    let index = this.keyIndex.get(node);
    if (!index) {
      index = new Map();
      for (let e = first; e < first + count; e++) index.set(this.entryKey[e] as string, e);
      this.keyIndex.set(node, index);
    }
    return index.get(part) ?? -1;
  }

  /** Every path with its offset, collections before what they hold, as the yaml library's tree is walked. */
  *walk(node = 0, path = ''): Generator<[string, number]> {
    if (this.nodeStart.length === 0) return;
    yield [path, this.nodeStart[node] as number];
    const first = this.nodeFirst[node] as number;
    for (let e = first; e < first + (this.nodeCount[node] as number); e++) {
      const part = this.nodeIsSeq[node] ? String(e - first) : (this.entryKey[e] as string);
      const at = path === '' ? part : `${path}.${part}`;
      if (!this.nodeIsSeq[node]) yield [`${at}#key`, this.entryKeyAt[e] as number];
      const child = this.entryChild[e] as number;
      if (child === UNRECORDED_FLOW) yield* this.reread(this.entryValueAt[e] as number).walk(0, at);
      else if (child >= 0) yield* this.walk(child, at);
      else yield [at, this.entryValueAt[e] as number];
    }
  }
}

/**
 * The positions of a document read into an `OffsetTree`: a path's line and column are
 * worked out when asked for, so a valid file of many layers makes none of them. Iterating
 * builds the whole map once.
 */
export class LazyPositions implements StackPositions {
  private all: Map<string, SourcePosition> | undefined;

  constructor(
    private readonly tree: OffsetTree,
    private readonly lines: LineIndex,
  ) {}

  get(path: string): SourcePosition | undefined {
    const offset = this.tree.offsetOf(path);
    return offset < 0 ? undefined : this.lines.at(offset);
  }

  has(path: string): boolean {
    return this.tree.offsetOf(path) >= 0;
  }

  get size(): number {
    return this.map().size;
  }

  forEach(fn: (value: SourcePosition, key: string, map: ReadonlyMap<string, SourcePosition>) => void, thisArg?: unknown): void {
    this.map().forEach((v, k) => fn.call(thisArg, v, k, this));
  }

  entries(): MapIterator<[string, SourcePosition]> {
    return this.map().entries();
  }

  keys(): MapIterator<string> {
    return this.map().keys();
  }

  values(): MapIterator<SourcePosition> {
    return this.map().values();
  }

  [Symbol.iterator](): MapIterator<[string, SourcePosition]> {
    return this.map()[Symbol.iterator]();
  }

  private map(): Map<string, SourcePosition> {
    if (!this.all) {
      this.all = new Map();
      for (const [path, offset] of this.tree.walk()) this.all.set(path, this.lines.at(offset));
    }
    return this.all;
  }
}
