import { z } from 'zod';

/**
 * The messages between the page and the script sandbox frame (src/renderer/public/
 * script-sandbox.js), validated here because the frame relays what the student's worker
 * posts. ScriptMessage is the worker's own protocol (scriptApi.ts), checked the same way.
 */
export const ScriptMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('log'), level: z.enum(['log', 'warn', 'error']), text: z.string() }),
  z.object({ type: z.literal('done'), result: z.string().optional() }),
  z.object({ type: z.literal('failed'), message: z.string(), line: z.number().optional() }),
  z.object({ type: z.literal('output-limit') }),
]);

/** Frame to page. */
export const SandboxReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('worker-message'), data: ScriptMessageSchema }),
  z.object({ type: z.literal('worker-error'), message: z.string(), lineno: z.number() }),
]);

/** Page to frame: the whole worker script (scriptModule.ts). */
export interface SandboxRun {
  type: 'run';
  source: string;
}
