/**
 * The messages between the app and the simulator's Web Worker, validated with zod on both
 * sides. The worker's runtime is in simWorkerRuntime.ts: the page imports these schemas,
 * and must not bring the stack check and the simulator onto its thread with them.
 */
import { z } from 'zod';
import { Stack } from '../stack';
import { SimResultSchema } from './simResult';
import { HostFiguresSchema } from './simFigures';

export const SimOptionsSchema = z.object({
  seed: z.number().int().optional(),
  durationS: z.number().positive().optional(),
  seriesStepS: z.number().positive().optional(),
  balancer: z.enum(['oblivious', 'hypervisor-aware']).optional(),
  figures: HostFiguresSchema.optional(),
});

/** App to worker. */
export const SimRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run'), id: z.number().int(), stack: Stack, options: SimOptionsSchema.default({}) }),
  z.object({ type: z.literal('cancel'), id: z.number().int() }),
]);
export type SimRequest = z.input<typeof SimRequestSchema>;

/** Worker to app. */
export const SimReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), id: z.number().int(), simTimeS: z.number(), events: z.number(), fraction: z.number() }),
  z.object({ type: z.literal('result'), id: z.number().int(), result: SimResultSchema }),
  z.object({ type: z.literal('error'), id: z.number().int(), message: z.string() }),
  z.object({ type: z.literal('cancelled'), id: z.number().int() }),
]);
export type SimReply = z.infer<typeof SimReplySchema>;
