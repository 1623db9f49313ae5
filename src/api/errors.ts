import { z } from 'zod';

/** Error codes every transport can return; the renderer shows `message` to the user. */
export const ApiErrorCode = z.enum(['bad-request', 'unknown-method', 'not-found', 'unavailable', 'limit', 'internal']);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiErrorBody = z.object({ code: ApiErrorCode, message: z.string() });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Thrown by backend handlers to send a typed error to the caller. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
