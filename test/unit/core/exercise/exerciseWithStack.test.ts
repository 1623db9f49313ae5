import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateExercise, type CheckInput, type SimulationInput } from '../../../../src/core/exercise';
import { parseLesson, type ExerciseCell, type StackCell } from '../../../../src/core/lesson';
import { simulate, toSimStack } from '../../../../src/core/sim';
import { checkStackText } from '../../../../src/core/stack';

const { lesson } = parseLesson(readFileSync(new URL('../lesson/fixtures/contract-example.md', import.meta.url), 'utf8'));
const exercise = lesson.cells.find((c): c is ExerciseCell => c.kind === 'exercise')!.exercise!;
const start = lesson.cells.find((c): c is StackCell => c.kind === 'stack' && c.id === exercise.startsFrom)!;

/** Checks and simulates a stack text the way the notebook does before evaluating. */
async function evaluate(stackText: string) {
  const check = checkStackText(stackText);
  // The real results must fit the evaluator's inputs as they are: these lines do not compile otherwise.
  const checkInput: CheckInput = check;
  const simulation: SimulationInput | null = check.stack && check.valid ? simulate(toSimStack(check.stack), { durationS: 30 }) : null;
  return evaluateExercise(exercise, { check: checkInput, simulation });
}

describe('the worked example exercise on real check and simulation results', () => {
  it('fails on the starting stack, saying how many CPUs web sees', async () => {
    const result = await evaluate(start.source);
    expect(result.passed).toBe(false);
    expect(result.results[1]).toMatchObject({ kind: 'view', status: 'fail', message: 'web sees 8 CPUs, needs at least 12' });
  });

  it('passes its view predicate once a third node joins the SSI', async () => {
    const solved = start.source.replace(
      '  - { id: ssi, kind: ssi, on: [N1, N2] }',
      '  - { id: N3, kind: node, cpus: 4 }\n  - { id: ssi, kind: ssi, on: [N1, N2, N3] }',
    );
    const result = await evaluate(solved);
    expect(result.results[0]?.status).toBe('pass');
    expect(result.results[1]).toMatchObject({ status: 'pass' });
    expect(result.results[2]?.status).not.toBe('unavailable');
  });
});
