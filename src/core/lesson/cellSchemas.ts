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
  /** Text the output must contain, or `/regex/flags` written whole (docs/lesson-format.md, Expected output). */
  expect: z.string().optional(),
  /** How long the output may take to show it (default 20 s): a guest booted inside the guest takes minutes. */
  timeoutS: z.number().int().min(1).max(900).optional(),
});
export type VmStepSpec = z.infer<typeof VmStepSpec>;

/**
 * The least memory Strata's guest boots in (docs/qemu.md#supervision-and-limits): the API refuses less
 * (GUEST_MIN_MEMORY_MIB), so lesson lint does too; a unit test keeps the two equal.
 */
export const VM_CELL_MIN_MEMORY_MIB = 128;

/**
 * Memory of a vm cell with `nested: true`, its default and least: the nested pack's QEMU
 * and libraries live in the guest's RAM beside the inner guest's 256 MiB.
 */
export const VM_CELL_NESTED_MEMORY_MIB = 1024;

/** A `vm` cell: a real QEMU guest with scripted steps. */
export const VmCellSpec = z
  .object({
    /** Default 256 MiB, or 1024 with `nested`. */
    memoryMiB: z.number().int().min(VM_CELL_MIN_MEMORY_MIB).max(4096).optional(),
    /** QEMU `-cpu` model, e.g. `qemu64,-svm` to hide AMD-V from the guest. */
    cpu: z.string().min(1).optional(),
    /** A guest that can run a hypervisor: the nested pack (QEMU, kvm_amd, an inner kernel) and 1 GiB. */
    nested: z.boolean().default(false),
    /** A guest with CRIU (the criu pack, docs/qemu.md#processes-across-guests): process migration and checkpoint/restart. */
    criu: z.boolean().default(false),
    steps: z.array(VmStepSpec).default([]),
  })
  .refine((s) => !s.nested || s.memoryMiB === undefined || s.memoryMiB >= VM_CELL_NESTED_MEMORY_MIB, {
    message: `a nested guest needs at least ${VM_CELL_NESTED_MEMORY_MIB} MiB: leave memoryMiB out or raise it`,
    path: ['memoryMiB'],
  });
export type VmCellSpec = z.output<typeof VmCellSpec>;

/** The memory a vm cell's guest gets: its own, else 256 MiB, or the nested pack's floor. */
export function vmCellMemoryMiB(spec: VmCellSpec): number {
  return spec.memoryMiB ?? (spec.nested ? VM_CELL_NESTED_MEMORY_MIB : 256);
}

/**
 * A `scenario` cell body: a list of the stack file's scenario steps (docs/stack-format.md,
 * "Scenario steps"), validated with the stack model's own schema.
 */
export const ScenarioSpec = Scenario;
/** One step of a `scenario` cell. */
export type ScenarioStepSpec = ScenarioStep;
