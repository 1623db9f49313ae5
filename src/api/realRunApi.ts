import { z } from 'zod';
import { command, jsonStream } from './define';

/**
 * Running a stack for real (docs/real-runs.md): what can be real boots as QEMU guests,
 * the apps run as busybox workloads, and the measurement comes back beside a simulation
 * of the stack as it actually ran. `strata run FILE --real --json` prints the contract's
 * part of the report (docs/cli.md).
 */

/** An app's figures, simulated or measured: makespan, or throughput and p99 latency for HTTP. */
export const RealFigures = z.object({
  makespanS: z.number().optional(),
  throughputRps: z.number().optional(),
  latencyP99Ms: z.number().optional(),
});
export type RealFigures = z.infer<typeof RealFigures>;

export const MigrationFigures = z.object({ totalS: z.number(), downtimeMs: z.number(), ramMiB: z.number() });
export type MigrationFigures = z.infer<typeof MigrationFigures>;

/** Per-node CPU use and per-app progress over time: the shape of a simulation's series. */
export const RunSeries = z.object({
  t: z.array(z.number()),
  nodes: z.record(z.string(), z.object({ cpuUtil: z.array(z.number()) })),
  apps: z.record(z.string(), z.object({ progress: z.array(z.number()) })),
});
export type RunSeries = z.infer<typeof RunSeries>;

/** The JSON of `strata run FILE --real --json` (docs/cli.md, strata run), exactly. */
export const RealRunContract = z.object({
  apps: z.record(
    z.string(),
    z.object({
      simulated: RealFigures,
      measured: RealFigures,
      /** Measured ÷ simulated of the main figure: the makespan, or the p99 latency of an HTTP app. */
      ratio: z.number().optional(),
      /** An HTTP app's measured ÷ simulated throughput. */
      throughputRatio: z.number().optional(),
    }),
  ),
  layers: z.record(z.string(), z.object({ real: z.boolean(), why: z.string().optional() })),
  migrations: z.array(
    z.object({ target: z.string(), from: z.string(), to: z.string(), simulated: MigrationFigures.optional(), measured: MigrationFigures.optional() }),
  ),
  host: z.object({ cpus: z.number().int(), accel: z.enum(['kvm', 'hvf', 'whpx', 'tcg']) }),
});
export type RealRunContract = z.infer<typeof RealRunContract>;

/** The whole report: the contract's part, and what the app shows beside it. */
export const RealRunReport = RealRunContract.extend({
  /** Every change from the stack as written (node slices, scaled work, steps left simulated), in words. */
  scaled: z.array(z.string()),
  /** Measured from the guests, and simulated for the stack as it ran; t in seconds since the apps started. */
  series: z.object({ measured: RunSeries, simulated: RunSeries }),
  /** What happened, in order (steps carried out, apps finished or killed). */
  log: z.array(z.object({ t: z.number(), message: z.string() })),
  /** Set when the run was stopped before its apps finished. */
  stopped: z.boolean().optional(),
});
export type RealRunReport = z.infer<typeof RealRunReport>;

export const RealRunPhase = z.enum(['planning', 'booting', 'starting', 'running', 'stopping']);
export type RealRunPhase = z.infer<typeof RealRunPhase>;

/** What `realrun.events` delivers: the plan first, progress while guests boot, samples, then the report or why it failed. */
export const RealRunEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('plan'),
    layers: RealRunContract.shape.layers,
    scaled: z.array(z.string()),
    realizable: z.boolean(),
    simulated: RunSeries,
  }),
  z.object({ type: z.literal('phase'), phase: RealRunPhase, message: z.string() }),
  z.object({ type: z.literal('sample'), t: z.number(), nodes: z.record(z.string(), z.number()), apps: z.record(z.string(), z.number()) }),
  z.object({ type: z.literal('log'), t: z.number(), message: z.string() }),
  z.object({ type: z.literal('done'), report: RealRunReport }),
  z.object({ type: z.literal('failed'), message: z.string() }),
]);
export type RealRunEvent = z.infer<typeof RealRunEvent>;

export const RealRunId = z.string().regex(/^r\d{1,6}$/);

export const realRunCommands = {
  /** Starts a real run of a stack's YAML (checked by the backend); answers at once with its id. */
  'realrun.start': command(
    z.object({
      text: z.string().max(200_000),
      budgetS: z.number().positive().max(600).optional(),
      /** The comparison simulation's cost figures: the literature's, or this host's (`strata calibrate`). */
      figures: z.enum(['literature', 'host']).default('literature'),
    }),
    z.object({ runId: RealRunId }),
  ),
  /** Stops a run: every guest it started is killed. */
  'realrun.stop': command(z.object({ runId: RealRunId }), z.object({})),
};

export const realRunStreams = {
  /** A run's events from its start (replayed to a late subscriber), ending after `done` or `failed`. */
  'realrun.events': jsonStream(z.object({ runId: RealRunId }), RealRunEvent),
};
