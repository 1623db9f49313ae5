import { z } from 'zod';
import { classExplanations, type AppView, type LayerClass } from './classification';
import type { Finding } from './findings';
import type { StackCheckResult } from './checkStack';
import { Arch } from './stackSchema';

/*
 * The check result as zod schemas, for what receives one from elsewhere (a worker's reply,
 * an output saved in the student's workspace). Each is checked against core's own type,
 * so the two cannot drift apart.
 */

export const FindingSchema = z.object({
  severity: z.enum(['error', 'warning', 'note']),
  rule: z.string(),
  layer: z.string().optional(),
  line: z.number().optional(),
  column: z.number().optional(),
  message: z.string(),
}) satisfies z.ZodType<Finding>;

export const LayerClassSchema = z.enum(Object.keys(classExplanations) as [LayerClass, ...LayerClass[]]);

export const AppViewSchema = z.object({
  cpus: z.number(),
  memoryMiB: z.number(),
  arch: Arch,
  kernel: z.string(),
  sharesKernelWith: z.array(z.string()),
  failureDomains: z.array(z.string()),
}) satisfies z.ZodType<AppView>;

export const StackCheckResultSchema = z.object({
  valid: z.boolean(),
  findings: z.array(FindingSchema),
  classes: z.record(z.string(), LayerClassSchema),
  views: z.record(z.string(), AppViewSchema),
}) satisfies z.ZodType<StackCheckResult>;
