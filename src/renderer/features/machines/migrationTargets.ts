/** A node a VM may be live-migrated to; `fresh` for one no VM has used yet (QEMU starts it on demand). */
export interface MigrationTarget {
  node: string;
  fresh: boolean;
}

/**
 * Where a VM on `current` can move: every node seen so far but its own, in natural
 * order (node2 before node10), then the first `nodeN` never used, so there is always a
 * new node to try.
 */
export function migrationTargets(current: string, nodesSeen: Iterable<string>): MigrationTarget[] {
  const seen = new Set(nodesSeen);
  seen.add(current);
  const others = [...seen].filter((n) => n !== current).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  let n = 1;
  while (seen.has(`node${n}`)) n++;
  return [...others.map((node) => ({ node, fresh: false })), { node: `node${n}`, fresh: true }];
}
