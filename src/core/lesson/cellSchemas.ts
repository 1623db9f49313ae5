import { z } from 'zod';
import { Scenario, type ScenarioStep } from '../stack';

/**
 * The YAML bodies of typed lesson cells (docs/lesson-format.md). Each schema is the
 * contract for one cell kind; the parser validates bodies with them and the editor's
 * JSON Schema can be generated from them.
 */

// The exercise format is the exercise folder's (grading reads it); a lesson holds exercises.
export * from '../exercise/exerciseSchemas';

/** A `quiz` cell: one question, its choices, the index of the right one, and why. */
export const QuizSpec = z.object({
  question: z.string().min(1),
  choices: z.array(z.string().min(1)).min(2, 'a quiz needs at least two choices'),
  /** Index (from 0) of the right choice in `choices`. */
  answer: z.number().int().nonnegative(),
  explain: z.string().min(1).optional(),
});
export type QuizSpec = z.infer<typeof QuizSpec>;

/** One scripted step of a `vm` cell: what to type into the guest's console and what should appear. */
export const VmStepSpec = z.object({
  type: z.string().min(1),
  /** Text the output must contain, or `/regex/flags`. */
  expect: z.string().optional(),
});
export type VmStepSpec = z.infer<typeof VmStepSpec>;

/**
 * The least memory Strata's guest boots in (docs/qemu.md#supervision-and-limits): the API refuses less
 * (GUEST_MIN_MEMORY_MIB), so lesson lint does too; a unit test keeps the two equal.
 */
export const VM_CELL_MIN_MEMORY_MIB = 128;

/** A `vm` cell: a real QEMU guest with scripted steps. */
export const VmCellSpec = z.object({
  memoryMiB: z.number().int().min(VM_CELL_MIN_MEMORY_MIB).max(4096).default(256),
  /** QEMU `-cpu` model, e.g. `qemu64,-svm` to hide AMD-V from the guest. */
  cpu: z.string().min(1).optional(),
  steps: z.array(VmStepSpec).default([]),
});
export type VmCellSpec = z.infer<typeof VmCellSpec>;

/**
 * A `scenario` cell body: a list of the stack file's scenario steps (docs/stack-format.md,
 * "Scenario steps"), validated with the stack model's own schema.
 */
export const ScenarioSpec = Scenario;
/** One step of a `scenario` cell. */
export type ScenarioStepSpec = ScenarioStep;
