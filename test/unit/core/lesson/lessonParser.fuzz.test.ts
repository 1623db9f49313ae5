import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../../src/core/lesson';

const pieces = [
  '---\n',
  'title: T\n',
  'objectives:\n  - { id: o, text: O }\n',
  '```stack id=s\n',
  '```quiz id=q\n',
  '```exercise id=e objective=o\n',
  '```scenario id=c for=s\n',
  '```vm id=v\n',
  '```\n',
  '~~~\n',
  'name: x\n',
  'layers:\n  - { id: N1, kind: node }\n',
  'expect:\n  - { check: valid }\n',
  '- { at: 1, do: fail, target: N1 }\n',
  '# H\n',
  '> ```quiz id=z\n',
  '  - ',
  ': ',
  '"',
  '${seed.x}',
  '\r\n',
  '\t',
  '{',
  '[',
  'answer: 9\n',
];

const lessonLike = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string()), { maxLength: 40 }).map((parts) => parts.join(''));

describe('parseLesson on arbitrary text', () => {
  it('never throws and keeps every position inside the file', () => {
    fc.assert(
      fc.property(fc.oneof(lessonLike, fc.string({ unit: 'binary' })), (text) => {
        const { lesson, diagnostics } = parseLesson(text, 'f.md');
        const lineCount = text.split(/\r\n?|\n/).length;
        for (const d of diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lineCount);
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(d.rule).not.toBe('internal-error');
        }
        for (const cell of lesson.cells) {
          expect(cell.range.start).toBeGreaterThanOrEqual(1);
          expect(cell.range.end).toBeLessThanOrEqual(lineCount);
          expect(cell.range.start).toBeLessThanOrEqual(cell.range.end);
        }
        expect(new Set(lesson.cells.filter((c) => c.kind === 'markdown').map((c) => c.id)).size).toBe(lesson.cells.filter((c) => c.kind === 'markdown').length);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
