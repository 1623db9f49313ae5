import { z } from 'zod';
import { DiagnosticSchema } from '../../../core/lesson';
import type { StackAnalysis } from '../builder/model/stackAnalysis';
import { CheckSummary } from '../notebook/work/cellOutputs';

/**
 * Page to check worker: a stack file's text to parse and check, for a notebook cell's
 * verdict (`summary`) or for the builder, which needs the stack itself and where its
 * layers are written (`analysis`); or a lesson file's text (named `file`), for every
 * diagnostic of the lesson, its stack cells' included (`lesson`).
 */
export const CheckRequest = z.object({ id: z.number().int(), text: z.string(), want: z.enum(['summary', 'analysis', 'lesson']), file: z.string().optional() });
export type CheckRequest = z.infer<typeof CheckRequest>;

/**
 * The builder's analysis is not checked field by field: it comes from the worker the page
 * itself started (not from outside), and validating a 1,000-layer stack again here would
 * put back on the page the work the worker takes off it.
 */
const Analysis = z.custom<StackAnalysis>((v) => typeof v === 'object' && v !== null && 'stack' in v && 'check' in v && 'lines' in v && 'real' in v);

/** Check worker to page: the verdict on the text of request `id`, or the lesson's diagnostics. */
export const CheckReply = z.union([
  z.object({ id: z.number().int(), check: CheckSummary }),
  z.object({ id: z.number().int(), analysis: Analysis }),
  z.object({ id: z.number().int(), diagnostics: z.array(DiagnosticSchema) }),
]);
export type CheckReply = z.infer<typeof CheckReply>;
