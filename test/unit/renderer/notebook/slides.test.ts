import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../../src/core/lesson';
import { splitSlides } from '../../../../src/renderer/features/notebook/presentation/slides';

const LESSON = `---
title: Live migration
---
Before any heading.

# Live migration

Why move a VM.

## Pre-copy

Rounds.

### The model

Math.

\`\`\`quiz id=q1
question: Which?
choices: [a, b]
answer: 0
\`\`\`

## Downtime

Short.
`;

describe('splitSlides', () => {
  const { lesson } = parseLesson(LESSON);
  const slides = splitSlides(lesson);

  it('starts a slide at each level 1 or 2 heading, keeping deeper headings on their section', () => {
    expect(slides.map((s) => s.title)).toEqual(['Live migration', 'Live migration', 'Pre-copy', 'Downtime']);
    expect(slides[2]!.parts.map((p) => p.source ?? `<${lesson.cells[p.cellIndex]!.kind}>`).join('|')).toMatch(
      /^## Pre-copy[\s\S]*### The model[\s\S]*\|<quiz>$/,
    );
  });

  it('keeps every line of prose on exactly one slide', () => {
    const prose = slides.flatMap((s) => s.parts.filter((p) => p.source !== undefined).map((p) => p.source!.trim()));
    for (const word of ['Before any heading.', 'Why move a VM.', 'Rounds.', 'Math.', 'Short.']) {
      expect(prose.filter((p) => p.includes(word))).toHaveLength(1);
    }
  });

  it('records where each prose slice starts in its cell, for heading anchors', () => {
    const part = slides[3]!.parts[0]!;
    const cell = lesson.cells[part.cellIndex]!;
    expect(cell.source.split('\n')[part.lineOffset]).toBe('## Downtime');
  });

  it('gives a lesson without headings a single slide', () => {
    const { lesson: plain } = parseLesson('Just text.\n');
    expect(splitSlides(plain)).toHaveLength(1);
  });
});
