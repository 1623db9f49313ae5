import { z } from 'zod';
import { CheckSummary } from '../notebook/work/cellOutputs';

/** Page to check worker: a stack file's text to parse and check. */
export const CheckRequest = z.object({ id: z.number().int(), text: z.string() });
export type CheckRequest = z.infer<typeof CheckRequest>;

/** Check worker to page: the verdict on the text of request `id`. */
export const CheckReply = z.object({ id: z.number().int(), check: CheckSummary });
export type CheckReply = z.infer<typeof CheckReply>;
