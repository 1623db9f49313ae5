import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../../src/core/lesson';
import { headingIdsForCell, headingPlainText, tableOfContents } from '../../../../src/renderer/features/notebook/tableOfContents';

const LESSON = `---
title: T
---
# Containers on an SSI

Intro.

## A \`stack\` cell

\`\`\`stack id=s1
name: x
layers:
  - { id: N1, kind: node }
\`\`\`

## A *stack* cell
### Details
`;

describe('tableOfContents', () => {
  const { lesson } = parseLesson(LESSON);
  const toc = tableOfContents(lesson.headings);

  it('lists the headings in order with their levels and plain text', () => {
    expect(toc.map((e) => [e.level, e.text])).toEqual([
      [1, 'Containers on an SSI'],
      [2, 'A stack cell'],
      [2, 'A stack cell'],
      [3, 'Details'],
    ]);
  });

  it('gives unique anchor ids, numbering repeats in document order', () => {
    expect(toc.map((e) => e.id)).toEqual(['h-containers-on-an-ssi', 'h-a-stack-cell', 'h-a-stack-cell-2', 'h-details']);
  });

  it('maps each heading to its line within its markdown cell', () => {
    const second = lesson.cells.findIndex((c, i) => c.kind === 'markdown' && i > 0);
    const ids = headingIdsForCell(toc, second, lesson.cells[second]!);
    expect([...ids.values()]).toEqual(['h-a-stack-cell-2', 'h-details']);
    const lines = lesson.cells[second]!.source.split('\n');
    for (const [line, id] of ids) expect(lines[line]).toMatch(id === 'h-details' ? /^### Details/ : /^## A \*stack\* cell/);
  });

  it('strips links, code and emphasis from heading text', () => {
    expect(headingPlainText('See [Xen](https://xen.org) and `kvm` **now**')).toBe('See Xen and kvm now');
  });
});
