import type { z } from 'zod';

/** A request/response command of the API: both sides validated with zod at the boundary. */
export interface CommandSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
}

/**
 * A stream the renderer subscribes to. `bytes` streams carry Uint8Array chunks under
 * acknowledgement-based flow control (terminal output); `json` streams carry validated
 * events (state changes, progress).
 */
export type StreamSpec<P extends z.ZodType = z.ZodType, E extends z.ZodType = z.ZodType> = { kind: 'bytes'; params: P } | { kind: 'json'; params: P; event: E };

/** Declares a command with its schemas; the identity function keeps literal types. */
export function command<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): CommandSpec<Req, Res> {
  return { request, response };
}

/** Declares a byte stream (flow-controlled chunks). */
export function byteStream<P extends z.ZodType>(params: P): { kind: 'bytes'; params: P } {
  return { kind: 'bytes', params };
}

/** Declares a stream of JSON events. */
export function jsonStream<P extends z.ZodType, E extends z.ZodType>(params: P, event: E): { kind: 'json'; params: P; event: E } {
  return { kind: 'json', params, event };
}
