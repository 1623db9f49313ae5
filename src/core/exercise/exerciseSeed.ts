import { SEED_REFERENCE, type Exercise, type SeedSpec } from './exerciseSchemas';

/**
 * Per-student randomisation of exercises.
 *
 * An exercise may declare seed variables, each a list of the values it may take:
 *
 * ```yaml
 * seed: { cpus: [8, 12, 16], app: [web, db] }
 * goal: Make `${seed.app}` see at least ${seed.cpus} CPUs.
 * expect:
 *   - { view: "${seed.app}", cpus: { gte: "${seed.cpus}" } }
 * ```
 *
 * Each student has one seed (kept in the workspace). For every variable one value is
 * drawn from a hash of the student's seed, the exercise key (lesson slug and exercise id)
 * and the variable name, so a student always gets the same values for an exercise while
 * two students usually get different ones. A string that is exactly one placeholder takes
 * the value with its type (a number stays a number); a placeholder inside longer text is
 * replaced by the value's text.
 */

/** The value drawn for each seed variable. */
export type SeedValues = Record<string, number | string>;

/** Draws every variable of `spec` for one student and one exercise. */
export function drawSeedValues(spec: SeedSpec | undefined, studentSeed: string, exerciseKey: string): SeedValues {
  const values: SeedValues = {};
  for (const [name, choices] of Object.entries(spec ?? {})) {
    const index = fnv1a(`${studentSeed}\u0000${exerciseKey}\u0000${name}`) % choices.length;
    const value = choices[index];
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/**
 * The values of the `index`-th choice of every variable (wrapping around shorter lists),
 * so a linter can try each declared value once.
 */
export function seedValuesAt(spec: SeedSpec | undefined, index: number): SeedValues {
  const values: SeedValues = {};
  for (const [name, choices] of Object.entries(spec ?? {})) {
    const value = choices[index % choices.length];
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/**
 * The exercise as one student sees it: its seed variables drawn for `studentSeed` (the
 * workspace's `workspace.student` seed) and substituted. `exerciseKey` should be
 * `LESSON-SLUG/CELL-ID`, so each exercise draws its own values.
 */
export function exerciseForStudent(exercise: Exercise, studentSeed: string, exerciseKey: string): { exercise: Exercise; values: SeedValues } {
  const values = drawSeedValues(exercise.seed, studentSeed, exerciseKey);
  return { exercise: instantiateExercise(exercise, values), values };
}

/** Returns the exercise with every known `${seed.name}` replaced; unknown names stay as written. */
export function instantiateExercise(exercise: Exercise, values: SeedValues): Exercise {
  return substitute(exercise, values) as Exercise;
}

/** Every seed variable name the exercise's goal and predicates use, in order of first use. */
export function seedReferences(exercise: Exercise): string[] {
  const names = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(SEED_REFERENCE)) if (m[1]) names.add(m[1]);
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (typeof v === 'object' && v !== null) {
      Object.values(v).forEach(visit);
    }
  };
  visit(exercise.goal);
  visit(exercise.expect);
  return [...names];
}

function substitute(v: unknown, values: SeedValues): unknown {
  if (typeof v === 'string') {
    const whole = /^\$\{seed\.([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(v);
    if (whole?.[1] !== undefined && Object.hasOwn(values, whole[1])) return values[whole[1]];
    return v.replace(SEED_REFERENCE, (text, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : text));
  }
  if (Array.isArray(v)) return v.map((item) => substitute(item, values));
  if (typeof v === 'object' && v !== null) {
    // The seed lists themselves are data, not text to substitute into.
    return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, k === 'seed' ? item : substitute(item, values)]));
  }
  return v;
}

/** 32-bit FNV-1a: tiny, deterministic on every platform, good enough to spread choices. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
