import { z } from 'zod';
import { command } from './define';
import { NodeName, VmId } from './vmApi';

/*
 * Seminar checkpoints: a presenter marks moments of a demo and rewinds to one, the
 * simulator's runs and every running VM together. Checkpoints live under
 * STRATA_HOME/checkpoints and survive a restart of Strata (docs/qemu.md, "Checkpoints").
 */

export const CheckpointId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'a checkpoint id is lower-case letters, digits and dashes');

/** What the presenter calls it; the button offers "Checkpoint N", a scenario step its `name`. */
export const CheckpointName = z.string().trim().min(1, 'a checkpoint needs a name').max(80, 'a checkpoint name is at most 80 characters');

/** Largest stack text a checkpoint keeps per run (as a stack file, docs/stack-format.md). */
export const CHECKPOINT_STACK_MAX_BYTES = 1024 * 1024;

/**
 * A simulator run as the presenter saw it: the stack and options it ran with (the
 * simulator is deterministic, so running them again gives the same result, docs/simulator.md)
 * and where its clock stood. Rewinding runs it again and puts the clock back, stopped.
 */
export const SimCheckpoint = z.object({
  /** Whose run: `builder` (the Builder view) or a lesson's cell, `lesson/SLUG/CELL-ID`. */
  place: z.string().regex(/^(builder|lesson\/[a-z0-9-]+\/[A-Za-z0-9_-]+)$/, "a run is the builder's or a lesson cell's (lesson/SLUG/CELL)"),
  /** The stack's YAML as it ran. */
  stack: z.string().max(CHECKPOINT_STACK_MAX_BYTES),
  seriesStepS: z.number().positive().optional(),
  /** The simulated time the timeline showed, in seconds: the run comes back stopped there. */
  timeS: z.number().min(0),
});
export type SimCheckpoint = z.infer<typeof SimCheckpoint>;

/** One VM a checkpoint holds. */
export const CheckpointVm = z.object({
  id: VmId,
  node: NodeName,
  hostname: z.string(),
  memoryMiB: z.number().int(),
  ip: z.string().optional(),
  /** Running when saved (it runs again after a rewind), else paused. */
  wasRunning: z.boolean(),
  /** Bytes of its saved RAM and devices. */
  stateBytes: z.number().int().nonnegative(),
});
export type CheckpointVm = z.infer<typeof CheckpointVm>;

export const CheckpointInfo = z.object({
  id: CheckpointId,
  name: CheckpointName,
  /** Milliseconds since the epoch. */
  takenAt: z.number(),
  /** How long taking it paused the VMs, in milliseconds. */
  tookMs: z.number().nonnegative(),
  vms: z.array(CheckpointVm),
  sims: z.array(SimCheckpoint),
});
export type CheckpointInfo = z.infer<typeof CheckpointInfo>;

/** What a rewind did and how long it took. */
export const RewindResult = z.object({
  checkpoint: CheckpointInfo,
  /** From the request to every VM back and running, in milliseconds. */
  tookMs: z.number().nonnegative(),
  /** VMs running now that the checkpoint does not hold: they run on untouched. */
  untouched: z.array(VmId),
});
export type RewindResult = z.infer<typeof RewindResult>;

const ById = z.object({ id: CheckpointId });

export const checkpointCommands = {
  /** Every checkpoint kept, oldest first. */
  'checkpoint.list': command(z.object({}), z.array(CheckpointInfo)),
  /** Pauses every VM, saves them and the runs given, resumes them. */
  'checkpoint.take': command(z.object({ name: CheckpointName, sims: z.array(SimCheckpoint).max(32).default([]) }), CheckpointInfo),
  /** Brings every VM of the checkpoint back; the renderer then puts its runs back. */
  'checkpoint.rewind': command(ById, RewindResult),
  'checkpoint.delete': command(ById, z.object({})),
};
