import { z } from 'zod';
import type { ApiErrorBody } from './errors';
import { LESSON_STATE_MAX_BYTES } from './workspaceApi';

/**
 * The message protocol both transports carry. Calls get one `result`; subscriptions get
 * `event` (JSON streams) or `chunk` (byte streams) messages until `end`. Byte streams are
 * flow-controlled: the backend stops reading its source while more than
 * {@link FLOW_HIGH_WATERMARK} bytes are unacknowledged and resumes below
 * {@link FLOW_LOW_WATERMARK}; the renderer acks after it has rendered a chunk.
 */
export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: z.number().int().nonnegative(), method: z.string(), params: z.unknown() }),
  z.object({ t: z.literal('sub'), id: z.number().int().nonnegative(), stream: z.string(), params: z.unknown() }),
  z.object({ t: z.literal('unsub'), id: z.number().int().nonnegative() }),
  z.object({ t: z.literal('ack'), id: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export type ServerMessage =
  | { t: 'result'; id: number; ok: true; value: unknown }
  | { t: 'result'; id: number | null; ok: false; error: ApiErrorBody }
  | { t: 'event'; id: number; data: unknown }
  | { t: 'chunk'; id: number; data: Uint8Array }
  | { t: 'end'; id: number; error?: ApiErrorBody };

/**
 * Largest message a client may send. Well above the lesson state limit, so an oversized
 * save reaches the workspace and comes back as its "clear some cell outputs" error
 * instead of a closed connection; the renderer refuses anything larger before sending.
 */
export const MAX_CLIENT_MESSAGE_BYTES = 4 * LESSON_STATE_MAX_BYTES;

export const FLOW_HIGH_WATERMARK = 256 * 1024;
export const FLOW_LOW_WATERMARK = 64 * 1024;

/** Byte frames on a WebSocket: a 4-byte big-endian subscription id, then the payload. */
export function encodeChunkFrame(id: number, data: Uint8Array): Uint8Array {
  const frame = new Uint8Array(4 + data.byteLength);
  new DataView(frame.buffer).setUint32(0, id);
  frame.set(data, 4);
  return frame;
}

export function decodeChunkFrame(frame: Uint8Array): { id: number; data: Uint8Array } | null {
  if (frame.byteLength < 4) return null;
  const id = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0);
  return { id, data: frame.subarray(4) };
}
