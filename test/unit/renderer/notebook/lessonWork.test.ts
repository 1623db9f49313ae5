import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../../src/core/lesson';
import {
  emptyWork,
  fromLessonState,
  parseLessonWork,
  toLessonStateInput,
  withAnswer,
  withCellReset,
  withExerciseOutcome,
  withFieldAnswer,
  withSource,
} from '../../../../src/renderer/features/notebook/work/lessonWork';

const LESSON = `---
title: T
objectives:
  - { id: o1, text: One }
---
\`\`\`stack id=s1
name: x
layers:
  - { id: N1, kind: node }
\`\`\`

\`\`\`exercise id=e1 objective=o1
goal: Do it.
starts-from: s1
expect:
  - { check: valid }
\`\`\`
`;

const pass = { checkedAt: 1_700_000_000_000, passed: true, results: [{ index: 0, kind: 'check', status: 'pass' as const, message: 'valid' }] };

describe('lesson work', () => {
  const { lesson } = parseLesson(LESSON);

  it('meets an objective when its exercise passes, and un-meets it when the exercise is reset', () => {
    let work = withExerciseOutcome(emptyWork(), 'e1', 'o1', pass);
    expect(work.objectivesMet).toEqual(['o1']);
    work = withExerciseOutcome(work, 'e1', 'o1', { ...pass, passed: false });
    expect(work.objectivesMet).toEqual(['o1']);
    work = withCellReset(work, lesson, 'e1');
    expect(work.objectivesMet).toEqual([]);
    expect(work.exercises).toEqual({});
  });

  it('drops an edit that returns to the lesson text', () => {
    let work = withSource(emptyWork(), 's1', 'orig', 'changed');
    expect(work.sources).toEqual({ s1: 'changed' });
    work = withSource(work, 's1', 'orig', 'orig');
    expect(work.sources).toEqual({});
  });

  it('round-trips through JSON and drops malformed pieces instead of failing', () => {
    const work = withFieldAnswer(withAnswer(withExerciseOutcome(emptyWork(), 'e1', 'o1', pass), 'q1', 2), 'e1', 'kernel', '6.1.0');
    expect(parseLessonWork(JSON.parse(JSON.stringify(work)))).toEqual(work);
    const damaged = parseLessonWork({
      sources: { a: 1, b: 'ok' },
      answers: { q: -1, r: 1 },
      fieldAnswers: { e: { a: 3, b: 'x' }, f: 'no' },
      outputs: { x: { kind: 'nope' } },
      objectivesMet: ['o1', 3, 'o1'],
    });
    expect(damaged).toEqual({ sources: { b: 'ok' }, outputs: {}, answers: { r: 1 }, fieldAnswers: { e: { b: 'x' } }, exercises: {}, objectivesMet: ['o1'] });
    expect(parseLessonWork('garbage')).toEqual(emptyWork());
  });

  it('converts to and from the workspace state, cell by cell', () => {
    const work = withFieldAnswer(
      withSource(withAnswer(withExerciseOutcome(emptyWork(), 'e1', 'o1', pass), 'q1', 2), 'e1', 'orig', 'mine'),
      'e1',
      'why',
      'hypercalls',
    );
    const state = toLessonStateInput(work);
    expect(state.cells.e1).toEqual({ source: 'mine', fieldAnswers: { why: 'hypercalls' }, exercise: pass });
    expect(state.cells.q1).toEqual({ quizAnswer: 2 });
    expect(fromLessonState(state)).toEqual(work);
  });
});
