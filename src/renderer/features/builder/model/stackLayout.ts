import type { Layer, Stack } from '../../../../core/stack';
import { PlacedRow } from './rowPlacement';

/** A layer's box on the canvas, in flow coordinates (y grows downwards, so upper layers have smaller y). */
export interface LayerBox {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Height in the stack: 0 for hardware and for layers standing on nothing. */
  rank: number;
}

/** The geometry of a laid-out stack: one box per canvas key. */
export interface StackLayout {
  boxes: Map<string, LayerBox>;
  /** Canvas keys in file order; a duplicated id gets `id@index` so every box has its own key. */
  keys: string[];
  /** The layer each key stands for. */
  layers: Map<string, Layer>;
  /** Canvas keys each key stands on (known, distinct references). */
  below: Map<string, string[]>;
}

export const LAYER_WIDTH = 132;
export const LAYER_HEIGHT = 54;
export const H_GAP = 14;
export const V_GAP = 18;
/** Extra room between separate machines at the bottom row. */
const ROOT_GAP = 36;

/**
 * Lays a stack out bottom-up, as the seminar's slides draw it: hardware on the bottom row,
 * every layer directly above what it stands on, a layer as wide as what stands on it (a
 * node spans its hypervisor, which spans its VMs), and an SSI or vSMP as a band across
 * its members. O(n log n) in the number of layers and references (sorting each row and
 * moving boxes out from under bands), synchronous and pure, so it runs in unit tests and
 * on every edit of a 1,000-layer stack.
 */
export function layoutStack(stack: Stack): StackLayout {
  const layers = new Map<string, Layer>();
  const keys: string[] = [];
  stack.layers.forEach((layer, i) => {
    const key = layers.has(layer.id) ? `${layer.id}@${i}` : layer.id;
    layers.set(key, layer);
    keys.push(key);
  });
  const below = new Map<string, string[]>();
  const above = new Map<string, string[]>();
  for (const key of keys) above.set(key, []);
  for (const key of keys) {
    const layer = layers.get(key) as Layer;
    const refs = layer.on === undefined ? [] : typeof layer.on === 'string' ? [layer.on] : layer.on;
    // Duplicated keys stand apart: their id already belongs to the first layer.
    const known = key === layer.id ? refs.filter((r, i) => r !== key && layers.has(r) && refs.indexOf(r) === i) : [];
    below.set(key, known);
    for (const r of known) above.get(r)?.push(key);
  }

  const order = bottomUpOrder(keys, below, above);
  const placed = new Set(order);
  // Layers on a cycle cannot be stacked: they sit on the bottom row, where their error is seen.
  for (const key of keys) if (!placed.has(key)) below.set(key, []);
  const fullOrder = [...order, ...keys.filter((k) => !placed.has(k))];

  const rank = new Map<string, number>();
  for (const key of fullOrder) rank.set(key, Math.max(-1, ...(below.get(key) ?? []).map((p) => rank.get(p) ?? 0)) + 1);

  // The layer whose box a single-parent layer sits in; aggregates sit across their members.
  const anchoredChildren = new Map<string, string[]>();
  for (const key of fullOrder) {
    const parents = below.get(key) ?? [];
    if (parents.length === 1) pushTo(anchoredChildren, parents[0] as string, key);
  }
  const need = new Map<string, number>();
  for (let i = fullOrder.length - 1; i >= 0; i--) {
    const key = fullOrder[i] as string;
    const children = anchoredChildren.get(key) ?? [];
    const sum = children.reduce((s, c) => s + (need.get(c) ?? LAYER_WIDTH), 0) + H_GAP * Math.max(0, children.length - 1);
    need.set(key, Math.max(LAYER_WIDTH, sum));
  }

  const boxes = new Map<string, LayerBox>();
  const slotLeft = new Map<string, number>();
  let cursor = 0;
  for (const key of fullOrder) {
    const parents = below.get(key) ?? [];
    let left: number;
    let width = need.get(key) ?? LAYER_WIDTH;
    if (parents.length === 0) {
      left = cursor;
      cursor += width + ROOT_GAP;
    } else if (parents.length === 1) {
      left = slotLeft.get(key) ?? 0;
    } else {
      const members = parents.map((p) => boxes.get(p)).filter((b): b is LayerBox => b !== undefined);
      const spanLeft = Math.min(...members.map((b) => b.x));
      const spanRight = Math.max(...members.map((b) => b.x + b.width));
      const span = spanRight - spanLeft;
      left = width > span ? spanLeft - (width - span) / 2 : spanLeft;
      width = Math.max(width, span);
    }
    boxes.set(key, { x: left, y: -(rank.get(key) ?? 0) * (LAYER_HEIGHT + V_GAP), width, height: LAYER_HEIGHT, rank: rank.get(key) ?? 0 });
    const children = anchoredChildren.get(key) ?? [];
    const total = children.reduce((s, c) => s + (need.get(c) ?? LAYER_WIDTH), 0) + H_GAP * Math.max(0, children.length - 1);
    let start = left + (width - total) / 2;
    for (const c of children) {
      slotLeft.set(c, start);
      start += (need.get(c) ?? LAYER_WIDTH) + H_GAP;
    }
  }
  const bands = new Set(fullOrder.filter((k) => (below.get(k)?.length ?? 0) > 1).map((k) => boxes.get(k) as LayerBox));
  separateRows(boxes, bands);
  return { boxes, keys, layers, below };
}

/** Kahn's algorithm over canvas keys: every layer after what it stands on; layers on cycles are left out. */
function bottomUpOrder(keys: string[], below: Map<string, string[]>, above: Map<string, string[]>): string[] {
  const pending = new Map<string, number>();
  const order: string[] = [];
  for (const key of keys) {
    const n = below.get(key)?.length ?? 0;
    pending.set(key, n);
    if (n === 0) order.push(key);
  }
  for (let i = 0; i < order.length; i++) {
    for (const child of above.get(order[i] as string) ?? []) {
      const left = (pending.get(child) ?? 0) - 1;
      pending.set(child, left);
      if (left === 0) order.push(child);
    }
  }
  return order;
}

/**
 * Where a layer shares a row with a band it is not part of (a container on os1 beside an
 * SSI over os1 and os2), boxes can overlap. Bands keep their place over their members
 * (only another band pushes them right); every other box, from left to right, moves to
 * the nearest free spot. O(n log n) in the boxes of a row (PlacedRow).
 */
function separateRows(boxes: Map<string, LayerBox>, bands: ReadonlySet<LayerBox>): void {
  const rows = new Map<number, LayerBox[]>();
  for (const box of boxes.values()) pushTo(rows, box.y, box);
  for (const row of rows.values()) {
    const placed = new PlacedRow(H_GAP);
    const byX = (a: LayerBox, b: LayerBox): number => a.x - b.x;
    // Each band, left to right, goes right of the one before it where they would overlap.
    let bandsEnd = -Infinity;
    for (const band of row.filter((b) => bands.has(b)).sort(byX)) {
      if (band.x < bandsEnd + H_GAP) band.x = bandsEnd + H_GAP;
      bandsEnd = band.x + band.width;
      placed.add(band);
    }
    for (const box of row.filter((b) => !bands.has(b)).sort(byX)) {
      box.x = placed.nearestFree(box);
      placed.add(box);
    }
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
