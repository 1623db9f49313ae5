import { describe, expect, it } from 'vitest';
import { drawSeedValues, exerciseForStudent, instantiateExercise, seedReferences, seedValuesAt } from '../../../../src/core/exercise';
import type { Exercise } from '../../../../src/core/lesson';

const exercise: Exercise = {
  goal: 'Make ${seed.app} see ${seed.cpus} CPUs',
  seed: { cpus: [8, 12, 16], app: ['web', 'db'] },
  expect: [{ view: '${seed.app}', cpus: { gte: '${seed.cpus}' } }],
};

describe('exercise seeds', () => {
  it('draws the same values for the same student and exercise', () => {
    const a = drawSeedValues(exercise.seed, 'student-1', 'l03/e1');
    expect(drawSeedValues(exercise.seed, 'student-1', 'l03/e1')).toEqual(a);
    expect([8, 12, 16]).toContain(a.cpus);
    expect(['web', 'db']).toContain(a.app);
  });

  it('spreads students over the declared values', () => {
    const seen = new Set<number | string | undefined>();
    for (let i = 0; i < 60; i++) seen.add(drawSeedValues(exercise.seed, `student-${i}`, 'l03/e1').cpus);
    expect(seen).toEqual(new Set([8, 12, 16]));
  });

  it('keeps a number a number where a placeholder is the whole value, and interpolates text', () => {
    const inst = instantiateExercise(exercise, { cpus: 12, app: 'web' });
    expect(inst.goal).toBe('Make web see 12 CPUs');
    expect(inst.expect).toEqual([{ view: 'web', cpus: { gte: 12 } }]);
    expect(inst.seed).toEqual(exercise.seed);
  });

  it('lists the variables used and the values at an index', () => {
    expect(seedReferences(exercise)).toEqual(['app', 'cpus']);
    expect(seedValuesAt(exercise.seed, 2)).toEqual({ cpus: 16, app: 'web' });
  });

  it('gives a student the exercise with their own values in place', () => {
    const { exercise: mine, values } = exerciseForStudent(exercise, 'student-7', '03-ssi/e1');
    expect(values).toEqual(drawSeedValues(exercise.seed, 'student-7', '03-ssi/e1'));
    expect(mine.expect).toEqual([{ view: values.app, cpus: { gte: values.cpus } }]);
  });
});
