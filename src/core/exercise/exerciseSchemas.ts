import { z } from 'zod';

/**
 * The exercise format of lesson cells (docs/lesson-format.md): predicates, answers, seeds
 * and the exercise body. Exercise grading reads it; the lesson format (core/lesson)
 * holds exercises and re-exports it.
 */

/** A cell or answer id: letters, digits, "-" and "_". */
const Id = z.string().regex(/^[A-Za-z0-9_-]+$/, 'an id is letters, digits, "-" and "_"');

/** `${seed.name}`: a value drawn per student from the exercise's `seed` lists. */
export const SEED_REFERENCE = /\$\{seed\.([A-Za-z_][A-Za-z0-9_]*)\}/g;
const WholeSeedReference = z.string().regex(/^\$\{seed\.[A-Za-z_][A-Za-z0-9_]*\}$/, 'expected a number or "${seed.NAME}"');

/** A layer or app id, or a seed placeholder that becomes one per student. */
const IdOrSeed = z.union([Id, WholeSeedReference]);

/** A number, or a seed placeholder that becomes one per student. */
export const NumberOrSeed = z.union([z.number(), WholeSeedReference]);
export type NumberOrSeed = z.infer<typeof NumberOrSeed>;

/** Bounds on a number: every bound given must hold. */
export const Comparison = z
  .object({ gte: NumberOrSeed, gt: NumberOrSeed, lte: NumberOrSeed, lt: NumberOrSeed, eq: NumberOrSeed })
  .partial()
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'give at least one of gte, gt, lte, lt, eq');
export type Comparison = z.infer<typeof Comparison>;

/** `{ check: valid }`: the student's stack passes the stack rules (or, with `invalid`, is rejected). */
export const CheckPredicate = z.object({ check: z.enum(['valid', 'invalid']) }).strict();

/** `{ view: app, cpus: {gte: 12} }`: what an app sees, from the check result's `views`. */
export const ViewPredicate = z
  .object({
    view: IdOrSeed,
    cpus: Comparison.optional(),
    memoryMiB: Comparison.optional(),
    arch: z.string().optional(),
    /** Id of the layer whose kernel the app runs on. */
    kernel: IdOrSeed.optional(),
    /** Apps that must share the app's kernel (all of them). */
    sharesKernelWith: z.array(IdOrSeed).optional(),
    /** Apps that must not share the app's kernel (none of them). */
    isolatedFrom: z.array(IdOrSeed).optional(),
    /** Bounds on how many nodes the app depends on. */
    failureDomains: Comparison.optional(),
  })
  .strict();

/** `{ finding: rule-id, present: false }`: a stack rule fires (or does not), optionally on one layer. */
export const FindingPredicate = z.object({ finding: z.string().min(1), present: z.boolean().default(true), layer: IdOrSeed.optional() }).strict();

/** `{ layers: { class: virtual-hardware }, count: { gte: 3 } }`: how many layers have a class. */
export const LayersPredicate = z.object({ layers: z.object({ class: z.string().min(1) }).strict(), count: Comparison }).strict();

/** The SSI balancer policies of the simulator (its `balancer` option); the first is its default. */
export const SIM_BALANCERS = ['oblivious', 'hypervisor-aware'] as const;
export type SimBalancer = (typeof SIM_BALANCERS)[number];

/** `{ simulate: { app, throughputRps: {gte: 100} } }`: bounds on one app's simulated results. */
export const SimulatePredicate = z
  .object({
    simulate: z
      .object({
        app: IdOrSeed,
        makespanS: Comparison.optional(),
        throughputRps: Comparison.optional(),
        latencyP50Ms: Comparison.optional(),
        latencyP99Ms: Comparison.optional(),
        /** Whether the app must have been killed (true) or must have survived (false). */
        killed: z.boolean().optional(),
        /**
         * The SSI balancer to simulate with (`strata simulate --balancer`); without it, the
         * simulator's default (oblivious). Two predicates may name both, to compare them.
         */
        balancer: z.enum(SIM_BALANCERS).optional(),
      })
      .strict(),
  })
  .strict();

/**
 * `{ vm: { id, inspect, expect, looksFor } }`: the state the student made in the guest of vm
 * cell `id`. `inspect` runs on the checker's private channel to the guest (never in the
 * student's terminal) and only reads: a process in its own namespaces, a hostname, a
 * file. It never does the student's step for them.
 */
export const VmPredicate = z
  .object({
    vm: z
      .object({
        id: Id,
        /** A read-only shell command run in the guest by the checker. */
        inspect: z.string().min(1),
        /** Text its output must contain, or `/regex/flags`; without it, exit status 0 is what counts. */
        expect: z.string().min(1).optional(),
        /** What the check looks for, in the student's words; shown instead of the command and its pattern. */
        looksFor: z.string().min(1),
      })
      .strict(),
  })
  .strict();

/** One required point of a keyword answer: a word, or alternatives any one of which will do. */
const Keyword = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/**
 * `{ answer: { id, ask, ... } }`: a question the student answers in a field of the
 * exercise. Graded by at most one of `number` (with `tolerance`), `choices` (with
 * `correct`), `keywords` (every one must appear) or `vm` (the answer is what `command`
 * prints in the guest); with none of them the answer is self-assessed: shown with
 * `explain`, never counted as passed. The accepted answer is not shown before a pass.
 */
export const AnswerPredicate = z
  .object({
    answer: z
      .object({
        id: Id,
        ask: z.string().min(1),
        number: NumberOrSeed.optional(),
        /** How far from `number` an answer may be (absolute; default 0). */
        tolerance: z.number().nonnegative().optional(),
        unit: z.string().min(1).optional(),
        choices: z.array(z.string().min(1)).min(2, 'a choice answer needs at least two choices').optional(),
        /** Index (from 0) of the right choice. */
        correct: z.number().int().nonnegative().optional(),
        keywords: z.array(Keyword).min(1).optional(),
        vm: z
          .object({ id: Id, command: z.string().min(1) })
          .strict()
          .optional(),
        /** Shown once the answer passes, or once a self-assessed answer is given. */
        explain: z.string().min(1).optional(),
      })
      .strict()
      .superRefine((a, ctx) => {
        const graders = (['number', 'choices', 'keywords', 'vm'] as const).filter((k) => a[k] !== undefined);
        if (graders.length > 1)
          ctx.addIssue({ code: 'custom', message: `an answer is graded one way: give one of number, choices, keywords, vm (not ${graders.join(' and ')})` });
        if ((a.choices === undefined) !== (a.correct === undefined)) ctx.addIssue({ code: 'custom', message: 'choices and correct go together' });
        if (a.choices !== undefined && a.correct !== undefined && a.correct >= a.choices.length)
          ctx.addIssue({
            code: 'custom',
            path: ['correct'],
            message: `correct ${a.correct} is not the index of a choice (there are ${a.choices.length}, counted from 0)`,
          });
        if ((a.tolerance !== undefined || a.unit !== undefined) && a.number === undefined)
          ctx.addIssue({ code: 'custom', message: 'tolerance and unit go with number' });
      }),
  })
  .strict();
export type AnswerSpec = z.infer<typeof AnswerPredicate>['answer'];

/** How an answer field is graded; `self` when it is not (self-assessed). */
export type AnswerGrading = 'number' | 'choices' | 'keywords' | 'vm' | 'self';

export function answerGrading(a: AnswerSpec): AnswerGrading {
  if (a.number !== undefined) return 'number';
  if (a.choices !== undefined) return 'choices';
  if (a.keywords !== undefined) return 'keywords';
  if (a.vm !== undefined) return 'vm';
  return 'self';
}

/** Every predicate kind, keyed by the key that names it in YAML. */
export const PREDICATE_SCHEMAS = {
  check: CheckPredicate,
  view: ViewPredicate,
  finding: FindingPredicate,
  layers: LayersPredicate,
  simulate: SimulatePredicate,
  vm: VmPredicate,
  answer: AnswerPredicate,
} as const;
export type PredicateKind = keyof typeof PREDICATE_SCHEMAS;

export const Predicate = z.union([CheckPredicate, ViewPredicate, FindingPredicate, LayersPredicate, SimulatePredicate, VmPredicate, AnswerPredicate]);
export type Predicate = z.infer<typeof Predicate>;

/**
 * Per-student random values. Each variable lists the values it may take, e.g.
 * `seed: { cpus: [8, 12, 16] }`; `${seed.cpus}` anywhere in the exercise (goal text or
 * predicate values) becomes the value drawn for the student.
 */
export const SeedSpec = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a seed variable is a letter or "_", then letters, digits or "_"'),
  z.array(z.union([z.number(), z.string()])).min(1, 'a seed variable lists at least one value'),
);
export type SeedSpec = z.infer<typeof SeedSpec>;

/** An `exercise` cell body as written in YAML. */
export const ExerciseSpec = z.object({
  goal: z.string().min(1),
  /** Id of the stack cell the student starts from. */
  'starts-from': Id.optional(),
  seed: SeedSpec.optional(),
  expect: z.array(Predicate).min(1, 'an exercise needs at least one predicate in expect'),
});
export type ExerciseSpec = z.infer<typeof ExerciseSpec>;

/** An exercise as the model holds it (`starts-from` renamed). */
export interface Exercise {
  goal: string;
  startsFrom?: string;
  seed?: SeedSpec;
  expect: Predicate[];
}

/** Which kind a predicate object is, by its naming key; null when it has none. */
export function predicateKind(raw: unknown): PredicateKind | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  for (const key of Object.keys(PREDICATE_SCHEMAS) as PredicateKind[]) {
    if (key in raw) return key;
  }
  return null;
}
