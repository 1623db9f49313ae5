import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedSpan } from '../../../../src/renderer/features/builder/yaml/yamlHistory';

const apply = (before: string, span: { start: number; end: number; text: string }): string => before.slice(0, span.start) + span.text + before.slice(span.end);

describe('the edit that brings the store text into the YAML editor', () => {
  it('replaces only what changed', () => {
    expect(changedSpan('a: 1\nb: 2\n', 'a: 1\nb: 3\n')).toEqual({ start: 8, end: 9, text: '3' });
    expect(changedSpan('ab', 'aXb')).toEqual({ start: 1, end: 1, text: 'X' });
    expect(changedSpan('aaa', 'aa')).toEqual({ start: 2, end: 3, text: '' });
    expect(changedSpan('same', 'same')).toEqual({ start: 4, end: 4, text: '' });
  });

  it('turns any text into any other', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const span = changedSpan(before, after);
        expect(span.start).toBeLessThanOrEqual(span.end);
        expect(apply(before, span)).toBe(after);
      }),
    );
  });
});
