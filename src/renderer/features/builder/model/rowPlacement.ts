/** A box of a canvas row, in flow coordinates; only its horizontal extent matters here. */
export interface RowBox {
  x: number;
  width: number;
}

/** One placed box: a node of a treap ordered by x, and a link in the row's left-to-right list. */
interface Slot {
  box: RowBox;
  /** When it was placed: ties between two equally near spots go to the one an earlier box offered. */
  order: number;
  /** Free space between its left side and the right side of the box before it; Infinity for the first. */
  gap: number;
  prev: Slot | null;
  next: Slot | null;
  priority: number;
  left: Slot | null;
  right: Slot | null;
  /** The largest `gap` in its subtree. */
  maxGap: number;
}

/**
 * The boxes already placed on one row, which never overlap one another (`gap` apart at
 * least): each box placed moves to the nearest spot where it overlaps none of them.
 * A balanced search tree over the boxes, each knowing the largest gap below it, finds
 * that spot in O(log n) however many boxes stand packed around it, so a row of n boxes
 * is placed in O(n log n).
 */
export class PlacedRow {
  private root: Slot | null = null;
  private last: Slot | null = null;
  private count = 0;

  constructor(private readonly gap: number) {}

  /** Adds a box where it is, known to overlap none of the placed boxes. */
  add(box: RowBox): void {
    const slot: Slot = {
      box,
      order: this.count,
      gap: Infinity,
      prev: null,
      next: null,
      // A fixed hash rather than Math.random: the same stack always builds the same tree.
      priority: Math.imul(this.count + 1, 0x9e3779b1) >>> 0,
      left: null,
      right: null,
      maxGap: Infinity,
    };
    this.count++;
    let prev: Slot | null = null;
    let next: Slot | null = null;
    for (let at = this.root; at;) {
      if (box.x < at.box.x) {
        next = at;
        at = at.left;
      } else {
        prev = at;
        at = at.right;
      }
    }
    slot.prev = prev;
    slot.next = next;
    if (prev) {
      prev.next = slot;
      slot.gap = box.x - (prev.box.x + prev.box.width);
    }
    if (next) {
      next.prev = slot;
      next.gap = next.box.x - (box.x + box.width);
    } else this.last = slot;
    slot.maxGap = slot.gap;
    // The next slot is an ancestor of the new leaf, so its own gap is taken up on the way back.
    this.root = insert(this.root, slot);
  }

  /**
   * The x nearest to `box.x` where the box overlaps no placed box (its own x when free).
   * Where the spots on either side are as near, the one the earlier placed box gives wins.
   */
  nearestFree(box: RowBox): number {
    const x = box.x;
    const g = this.gap;
    const reach = x + box.width + g;
    // The last placed box starting left of the box's right side is the last one it can overlap.
    let last: Slot | null = null;
    for (let at = this.root; at;) {
      if (at.box.x < reach) {
        last = at;
        at = at.right;
      } else at = at.left;
    }
    if (!last || !(x < last.box.x + last.box.width + g)) return x;
    // Placed boxes closer together than the box's width and two gaps form one obstacle.
    const needed = box.width + 2 * g;
    const first = lastWithGap(this.root, last.box.x, needed) as Slot;
    const after = firstWithGapAfter(this.root, last.box.x, needed);
    const end = after ? (after.prev as Slot) : (this.last as Slot);
    const leftX = first.box.x - box.width - g;
    const rightX = end.box.x + end.box.width + g;
    const toLeft = Math.abs(leftX - x);
    const toRight = Math.abs(rightX - x);
    if (toLeft !== toRight) return toLeft < toRight ? leftX : rightX;
    // The spot left of `first` is also the spot right of the box before it when they touch; likewise after `end`.
    const leftBy = Math.min(2 * first.order, first.prev && first.prev.box.x + first.prev.box.width + g === leftX ? 2 * first.prev.order + 1 : Infinity);
    const rightBy = Math.min(2 * end.order + 1, end.next && end.next.box.x - box.width - g === rightX ? 2 * end.next.order : Infinity);
    return leftBy < rightBy ? leftX : rightX;
  }
}

function update(slot: Slot): Slot {
  slot.maxGap = Math.max(slot.gap, slot.left?.maxGap ?? -Infinity, slot.right?.maxGap ?? -Infinity);
  return slot;
}

function insert(root: Slot | null, slot: Slot): Slot {
  if (!root) return update(slot);
  if (slot.box.x < root.box.x) {
    root.left = insert(root.left, slot);
    if (root.left.priority > root.priority) {
      const top = root.left;
      root.left = top.right;
      top.right = update(root);
      return update(top);
    }
  } else {
    root.right = insert(root.right, slot);
    if (root.right.priority > root.priority) {
      const top = root.right;
      root.right = top.left;
      top.left = update(root);
      return update(top);
    }
  }
  return update(root);
}

/** The rightmost slot at or left of `x` whose gap is at least `needed`. */
function lastWithGap(at: Slot | null, x: number, needed: number): Slot | null {
  if (!at || at.maxGap < needed) return null;
  if (at.box.x > x) return lastWithGap(at.left, x, needed);
  return lastWithGap(at.right, x, needed) ?? (at.gap >= needed ? at : lastWithGap(at.left, x, needed));
}

/** The leftmost slot right of `x` whose gap is at least `needed`. */
function firstWithGapAfter(at: Slot | null, x: number, needed: number): Slot | null {
  if (!at || at.maxGap < needed) return null;
  if (at.box.x <= x) return firstWithGapAfter(at.right, x, needed);
  return firstWithGapAfter(at.left, x, needed) ?? (at.gap >= needed ? at : firstWithGapAfter(at.right, x, needed));
}
