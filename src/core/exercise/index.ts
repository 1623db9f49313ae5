/** Exercise checking: per-student seed values and pure evaluation of `expect` predicates. */
export * from './exerciseEvaluator';
export * from './exerciseSeed';
