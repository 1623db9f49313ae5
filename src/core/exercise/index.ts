/** Exercise checking: per-student seed values, answer grading and pure evaluation of `expect` predicates. */
export * from './answerGrading';
export * from './exerciseEvaluator';
export * from './exerciseSeed';
