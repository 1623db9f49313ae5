/**
 * The pending one-off events of a run (arrivals, scenario steps, migration rounds ...), in
 * time order. Ties are broken by insertion order, which keeps runs deterministic.
 */
export class EventQueue {
  private times: number[] = [];
  private seqs: number[] = [];
  private actions: Array<() => void> = [];
  private nextSeq = 0;

  /** Number of pending events. */
  get size(): number {
    return this.times.length;
  }

  /** Time of the earliest pending event, or Infinity when none is pending. */
  peekTime(): number {
    return this.times.length > 0 ? (this.times[0] as number) : Infinity;
  }

  /** Schedules `action` at simulated time `t`. */
  push(t: number, action: () => void): void {
    const seq = this.nextSeq++;
    let i = this.times.length;
    this.times.push(t);
    this.seqs.push(seq);
    this.actions.push(action);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Removes and returns the earliest action; the caller reads its time with peekTime first. */
  pop(): () => void {
    const top = this.actions[0] as () => void;
    const last = this.times.length - 1;
    this.swap(0, last);
    this.times.pop();
    this.seqs.pop();
    this.actions.pop();
    let i = 0;
    const n = this.times.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.before(r, l) ? r : l;
      if (!this.before(c, i)) break;
      this.swap(i, c);
      i = c;
    }
    return top;
  }

  private before(i: number, j: number): boolean {
    const ti = this.times[i] as number;
    const tj = this.times[j] as number;
    return ti < tj || (ti === tj && (this.seqs[i] as number) < (this.seqs[j] as number));
  }

  private swap(i: number, j: number): void {
    const t = this.times[i] as number;
    this.times[i] = this.times[j] as number;
    this.times[j] = t;
    const s = this.seqs[i] as number;
    this.seqs[i] = this.seqs[j] as number;
    this.seqs[j] = s;
    const a = this.actions[i] as () => void;
    this.actions[i] = this.actions[j] as () => void;
    this.actions[j] = a;
  }
}

/**
 * One "next completion" time per CPU root (a physical node, or a vSMP machine), kept in an
 * indexed heap so that rescheduling a root replaces its entry instead of piling up stale
 * ones. This is what keeps the fluid model cheap: a change in one node touches one entry.
 */
export class RootTimeHeap {
  private heap: number[] = [];
  private pos: Int32Array;
  private time: Float64Array;

  constructor(capacity: number) {
    this.pos = new Int32Array(Math.max(capacity, 1)).fill(-1);
    this.time = new Float64Array(Math.max(capacity, 1)).fill(Infinity);
  }

  /** Grows the index when nodes are added during a run. */
  ensureCapacity(n: number): void {
    if (n <= this.pos.length) return;
    const pos = new Int32Array(n * 2).fill(-1);
    pos.set(this.pos);
    const time = new Float64Array(n * 2).fill(Infinity);
    time.set(this.time);
    this.pos = pos;
    this.time = time;
  }

  /** Earliest scheduled time, or Infinity. */
  peekTime(): number {
    return this.heap.length > 0 ? (this.time[this.heap[0] as number] as number) : Infinity;
  }

  /** The root with the earliest time (call only when peekTime() is finite). */
  peekRoot(): number {
    return this.heap[0] as number;
  }

  /** Sets (or with Infinity, clears) the time of `root`. */
  set(root: number, t: number): void {
    const p = this.pos[root] as number;
    if (t === Infinity) {
      if (p >= 0) this.removeAt(p);
      this.time[root] = Infinity;
      return;
    }
    const old = this.time[root] as number;
    this.time[root] = t;
    if (p < 0) {
      this.heap.push(root);
      this.pos[root] = this.heap.length - 1;
      this.up(this.heap.length - 1);
    } else if (t < old) this.up(p);
    else this.down(p);
  }

  private removeAt(p: number): void {
    const last = this.heap.length - 1;
    const root = this.heap[p] as number;
    this.pos[root] = -1;
    if (p === last) {
      this.heap.pop();
      return;
    }
    const moved = this.heap.pop() as number;
    this.heap[p] = moved;
    this.pos[moved] = p;
    this.up(p);
    this.down(this.pos[moved] as number);
  }

  private less(a: number, b: number): boolean {
    const ta = this.time[a] as number;
    const tb = this.time[b] as number;
    return ta < tb || (ta === tb && a < b);
  }

  private up(i: number): void {
    const h = this.heap;
    const x = h[i] as number;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const y = h[p] as number;
      if (!this.less(x, y)) break;
      h[i] = y;
      this.pos[y] = i;
      i = p;
    }
    h[i] = x;
    this.pos[x] = i;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const x = h[i] as number;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.less(h[r] as number, h[l] as number)) c = r;
      const y = h[c] as number;
      if (!this.less(y, x)) break;
      h[i] = y;
      this.pos[y] = i;
      i = c;
    }
    h[i] = x;
    this.pos[x] = i;
  }
}
