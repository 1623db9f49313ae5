import { describe, expect, it } from 'vitest';
import { findMatches, stepMatch } from '../../../../src/renderer/features/notebook/lessonSearch';

describe('findMatches', () => {
  it('finds every case-insensitive occurrence without overlap', () => {
    expect(findMatches('Xen on xen on XEN', 'xen')).toEqual([
      [0, 3],
      [7, 10],
      [14, 17],
    ]);
    expect(findMatches('aaaa', 'aa')).toEqual([
      [0, 2],
      [2, 4],
    ]);
  });

  it('matches nothing for a blank query', () => {
    expect(findMatches('anything', '  ')).toEqual([]);
  });
});

describe('stepMatch', () => {
  it('cycles forwards and backwards, and starts at the right end', () => {
    expect(stepMatch(-1, 3, 1)).toBe(0);
    expect(stepMatch(-1, 3, -1)).toBe(2);
    expect(stepMatch(2, 3, 1)).toBe(0);
    expect(stepMatch(0, 3, -1)).toBe(2);
    expect(stepMatch(0, 0, 1)).toBe(-1);
  });
});
