/** A match of the search box in a text: [start, end) offsets. */
export type TextRange = readonly [number, number];

/**
 * Every non-overlapping, case-insensitive occurrence of `query` in `text`. Blank queries
 * match nothing (so an empty search box highlights nothing).
 */
export function findMatches(text: string, query: string): TextRange[] {
  const needle = query.trim().toLocaleLowerCase();
  if (needle === '') return [];
  const haystack = text.toLocaleLowerCase();
  const matches: TextRange[] = [];
  // Lower-casing can change lengths for a few scripts; then offsets would drift, so fall back to exact case.
  const sameLength = haystack.length === text.length;
  const source = sameLength ? haystack : text;
  const target = sameLength ? needle : query.trim();
  for (let at = source.indexOf(target); at !== -1; at = source.indexOf(target, at + target.length)) {
    matches.push([at, at + target.length]);
  }
  return matches;
}

/** Moves through `count` matches cyclically; -1 when there are none. */
export function stepMatch(current: number, count: number, direction: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return direction === 1 ? 0 : count - 1;
  return (current + direction + count) % count;
}
