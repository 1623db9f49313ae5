/**
 * The output of `strata simulate --json` (docs/cli.md), and its zod schema so the Web
 * Worker's messages and the exercise checks can validate what they receive.
 */
import { z } from 'zod';

/** Event types (docs/cli.md), in no particular order. */
export const SIM_EVENT_TYPES = [
  'app-start',
  'app-finish',
  'app-killed',
  'migrate-start',
  'migrate-round',
  'migrate-end',
  'process-migrate',
  'suspend',
  'resume',
  'checkpoint',
  'restart',
  'node-add',
  'node-remove',
  'node-fail',
] as const;

export const SimEventSchema = z.looseObject({
  t: z.number(),
  type: z.enum(SIM_EVENT_TYPES),
  target: z.string().optional(),
  message: z.string(),
});
/** One line of the event log; some types carry extra fields (e.g. `scheduler`, `from`, `to`). */
export type SimEvent = z.infer<typeof SimEventSchema>;
export type SimEventType = (typeof SIM_EVENT_TYPES)[number];

export const SimAppResultSchema = z.object({
  makespanS: z.number().optional(),
  throughputRps: z.number().optional(),
  latencyP50Ms: z.number().optional(),
  latencyP99Ms: z.number().optional(),
  killedAtS: z.number().optional(),
});
export type SimAppResult = z.infer<typeof SimAppResultSchema>;

export const SimMigrationSchema = z.object({
  target: z.string(),
  from: z.string(),
  to: z.string(),
  startS: z.number(),
  totalS: z.number(),
  downtimeMs: z.number(),
  ramMiB: z.number(),
  rounds: z.number(),
});
export type SimMigration = z.infer<typeof SimMigrationSchema>;

export const SimSeriesSchema = z.object({
  t: z.array(z.number()),
  nodes: z.record(z.string(), z.object({ cpuUtil: z.array(z.number()) })),
  apps: z.record(z.string(), z.object({ progress: z.array(z.number()) })),
});
export type SimSeries = z.infer<typeof SimSeriesSchema>;

export const SimResultSchema = z.object({
  apps: z.record(z.string(), SimAppResultSchema),
  nodes: z.record(z.string(), z.object({ cpuUtil: z.number() })),
  migrations: z.array(SimMigrationSchema),
  events: z.array(SimEventSchema),
  series: SimSeriesSchema.optional(),
});
/** What a run produces. */
export type SimResult = z.infer<typeof SimResultSchema>;

/** Rounds for output: enough digits to be exact for a reader, few enough to diff. */
export function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** A figure in an event's message: at most 3 decimals. */
export function fmt(x: number): string {
  return String(roundTo(x, 3));
}
