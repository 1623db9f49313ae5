import { z } from 'zod';
import { command } from './define';
import { Slug } from './lessonsApi';

/*
 * The student's own work, kept under STRATA_HOME/workspace: what they did in each lesson
 * notebook (shipped lessons themselves are never written) and the stacks they saved from
 * the builder. Every save is atomic; a state file found corrupted is moved aside and
 * reported in `recovered`, and the student starts that lesson afresh.
 */

/** Largest JSON a lesson state may take on disk; outputs the view keeps count towards it. */
export const LESSON_STATE_MAX_BYTES = 4 * 1024 * 1024;
/** Largest stack file the builder may save. */
export const STACK_FILE_MAX_BYTES = 1024 * 1024;

/** The outcome of one exercise check, as the notebook showed it. */
export const ExerciseOutcome = z.object({
  passed: z.boolean(),
  results: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      kind: z.string(),
      /** `self-assessed`: an answer nobody grades, shown with its explanation and never counted as passed. */
      status: z.enum(['pass', 'fail', 'unavailable', 'self-assessed']),
      message: z.string(),
    }),
  ),
  /** Milliseconds since the epoch. */
  checkedAt: z.number(),
  /** The stack text that was checked, so the notebook can say when the student changed it since. */
  source: z.string().optional(),
});
export type ExerciseOutcome = z.infer<typeof ExerciseOutcome>;

/** What the student did in one cell; every field is optional (absent: the shipped cell, untouched). */
export const CellState = z.object({
  /** The edited source; absent when the student kept the lesson's. */
  source: z.string().optional(),
  /** The last output of the cell, as the notebook view stores it (JSON). */
  output: z.unknown().optional(),
  /** Index of the chosen answer of a quiz cell. */
  quizAnswer: z.number().int().nonnegative().optional(),
  /** What the student wrote in an exercise's answer fields, by field id (a choice as its index). */
  fieldAnswers: z.record(z.string(), z.string().max(4000)).optional(),
  /** The last check of an exercise cell. */
  exercise: ExerciseOutcome.optional(),
});
export type CellState = z.infer<typeof CellState>;

/** What the notebook view saves for a lesson. */
export const LessonStateInput = z.object({
  /** By cell id. */
  cells: z.record(z.string(), CellState),
  /** Ids of the front-matter objectives whose exercise passed. */
  objectivesMet: z.array(z.string()),
});
export type LessonStateInput = z.infer<typeof LessonStateInput>;

/** A lesson's saved state, as stored. */
export const LessonState = LessonStateInput.extend({
  slug: Slug,
  /** Milliseconds since the epoch of the last save; 0 for a lesson never saved. */
  updatedAt: z.number(),
});
export type LessonState = z.infer<typeof LessonState>;

/** A state file that could not be read and was moved aside. */
export const Recovered = z.object({
  /** Path of the moved file, under STRATA_HOME, for the student or a teacher to look at. */
  movedTo: z.string(),
  reason: z.string(),
});
export type Recovered = z.infer<typeof Recovered>;

/** One lesson's progress, for the course sidebar. */
export const LessonProgress = z.object({
  slug: Slug,
  objectivesMet: z.array(z.string()),
  updatedAt: z.number(),
});
export type LessonProgress = z.infer<typeof LessonProgress>;

/**
 * A saved stack's name as the builder shows it (the file is NAME.stack.yaml): letters,
 * digits, spaces, `.`, `_` and `-`, starting with a letter or digit; no path separators
 * and no `..`, so a name can never leave the stacks folder.
 */
export const StackName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/, 'a stack name is 1 to 80 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit')
  .refine((n) => !n.includes('..') && !n.endsWith('.') && !n.endsWith(' '), 'a stack name may not contain ".." or end with "." or a space');
export type StackName = z.infer<typeof StackName>;

/** A saved stack in the list. */
export const SavedStackInfo = z.object({
  name: StackName,
  sizeBytes: z.number().int().nonnegative(),
  /** Milliseconds since the epoch. */
  modifiedAt: z.number(),
});
export type SavedStackInfo = z.infer<typeof SavedStackInfo>;

/** The Builder place's stack as the student left it, saved or not: a reload or a killed app brings it back. */
export const BuilderDraft = z.object({
  text: z.string().max(STACK_FILE_MAX_BYTES, `a builder stack may take at most ${STACK_FILE_MAX_BYTES / 1024} KiB`),
  /** The saved stack it was opened from or saved to, if any. */
  file: StackName.nullable(),
});
export type BuilderDraft = z.infer<typeof BuilderDraft>;

export const workspaceCommands = {
  /** The student's seed for randomised exercises; created on first use and then stable. */
  'workspace.student': command(z.object({}), z.object({ seed: z.string() })),
  'workspace.lessonState.get': command(z.object({ slug: Slug }), z.object({ state: LessonState, recovered: Recovered.optional() })),
  /** Replaces the lesson's saved state (autosave); saves of one lesson are applied in order. */
  'workspace.lessonState.put': command(z.object({ slug: Slug, state: LessonStateInput }), z.object({ state: LessonState })),
  /** Forgets everything the student did in the lesson. */
  'workspace.lessonState.reset': command(z.object({ slug: Slug }), z.object({ reset: z.boolean() })),
  /** Objectives met in every lesson the student has touched. */
  'workspace.progress': command(z.object({}), z.object({ lessons: z.array(LessonProgress), recovered: z.array(Recovered) })),
  'workspace.stacks.list': command(z.object({}), z.array(SavedStackInfo)),
  'workspace.stacks.read': command(z.object({ name: StackName }), z.object({ name: StackName, text: z.string() })),
  /** Saves a stack; with `overwrite: false` an existing stack of that name is an error. */
  'workspace.stacks.write': command(z.object({ name: StackName, text: z.string(), overwrite: z.boolean().default(true) }), SavedStackInfo),
  'workspace.stacks.delete': command(z.object({ name: StackName }), z.object({ deleted: z.boolean() })),
  /** The Builder's stack autosaved (none before the first edit); an unreadable draft is moved aside and reported. */
  'workspace.builderDraft.get': command(z.object({}), z.object({ draft: BuilderDraft.nullable(), recovered: Recovered.optional() })),
  'workspace.builderDraft.put': command(BuilderDraft, z.object({ savedAt: z.number() })),
};
