import { z } from 'zod';
import { SimEventSchema, SimMigrationSchema, SimResultSchema } from '../../../../core/sim';
import { StackCheckResultSchema } from '../../../../core/stack';

/**
 * What a cell shows after it ran, as saved in the student's workspace so a reload shows
 * the same outputs (Jupyter's most upvoted complaint is output lost on reload). Each
 * output records when it was made and from which source, so a stale output is marked
 * as such instead of silently describing code that changed since.
 */

/** A stack's check as saved: core's check result. */
export const CheckSummary = StackCheckResultSchema;
export type CheckSummary = z.infer<typeof CheckSummary>;

/**
 * A simulation as saved: core's result with its event log cut short, migrations without
 * their rounds, and a thinned progress series. An event's type is any text, since an
 * output saved by an earlier version may name a type since renamed.
 */
export const SimulationSummary = z.object({
  apps: SimResultSchema.shape.apps,
  nodes: SimResultSchema.shape.nodes,
  migrations: z.array(SimMigrationSchema.pick({ target: true, from: true, to: true, startS: true, totalS: true, downtimeMs: true })),
  events: z.array(z.object({ ...SimEventSchema.pick({ t: true, target: true, message: true }).shape, type: z.string() })),
  /** Progress of each app over time (0..1), thinned for storage. */
  series: z
    .object({
      t: z.array(z.number()),
      apps: z.record(z.string(), z.array(z.number())),
    })
    .optional(),
});
export type SimulationSummary = z.infer<typeof SimulationSummary>;

/** A stack or scenario cell's run: the check, and the simulation when the stack was valid. */
export const StackRunOutput = z.object({
  kind: z.literal('stack-run'),
  at: z.string(),
  /** The source the output came from (stack YAML, plus the scenario's for a scenario cell). */
  source: z.string(),
  check: CheckSummary.nullable(),
  simulation: SimulationSummary.nullable(),
  /** Why there is no simulation: invalid stack, time limit, simulator error. */
  error: z.string().optional(),
  wallMs: z.number().optional(),
  /** Set when the simulation used this machine's figures (`strata calibrate`); absent: the literature's. */
  figures: z.literal('host').optional(),
});
export type StackRunOutput = z.infer<typeof StackRunOutput>;

export const ScriptLogLine = z.object({ level: z.enum(['log', 'warn', 'error', 'result']), text: z.string() });
export type ScriptLogLine = z.infer<typeof ScriptLogLine>;

/** A script cell's run: what it printed and how it ended. */
export const ScriptRunOutput = z.object({
  kind: z.literal('script-run'),
  at: z.string(),
  source: z.string(),
  status: z.enum(['ok', 'error', 'timeout', 'output-limit']),
  logs: z.array(ScriptLogLine),
  wallMs: z.number(),
});
export type ScriptRunOutput = z.infer<typeof ScriptRunOutput>;

/** A vm cell's session: which steps passed, and the tail of the console. */
export const VmRunOutput = z.object({
  kind: z.literal('vm-run'),
  at: z.string(),
  steps: z.array(z.enum(['pending', 'sent', 'pass', 'fail'])),
  transcript: z.string(),
});
export type VmRunOutput = z.infer<typeof VmRunOutput>;

export const CellOutput = z.discriminatedUnion('kind', [StackRunOutput, ScriptRunOutput, VmRunOutput]);
export type CellOutput = z.infer<typeof CellOutput>;
