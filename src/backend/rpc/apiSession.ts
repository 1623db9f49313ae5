import type { ZodError, ZodType } from 'zod';
import { commands, isCommandName, isStreamName, streams } from '../../api/contract';
import { ApiError, type ApiErrorBody } from '../../api/errors';
import type { ApiImplementation, StreamSink } from '../../api/handlers';
import { ClientMessage, FLOW_HIGH_WATERMARK, FLOW_LOW_WATERMARK, type ServerMessage } from '../../api/wire';

export interface SessionLogger {
  warn(message: string): void;
}

/**
 * One connected renderer, whatever carries its messages. Validates every incoming
 * message, dispatches calls and subscriptions to the backend, and applies flow control
 * to byte streams. Malformed input gets a typed error reply, never an exception.
 */
export class ApiSession {
  private readonly subscriptions = new Map<number, { stop: () => void; sink: SubscriptionSink }>();
  private closed = false;

  constructor(
    private readonly impl: ApiImplementation,
    private readonly send: (message: ServerMessage) => void,
    private readonly log: SessionLogger = { warn: (m) => console.warn(m) },
  ) {}

  /** Handles one message from the renderer (already JSON-decoded, not yet validated). */
  receive(raw: unknown): void {
    if (this.closed) return;
    const parsed = ClientMessage.safeParse(raw);
    if (!parsed.success) {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : null;
      const message = `malformed message: ${describeIssues(parsed.error)}`;
      this.log.warn(message);
      this.send({ t: 'result', id, ok: false, error: { code: 'bad-request', message } });
      return;
    }
    const msg = parsed.data;
    switch (msg.t) {
      case 'call':
        void this.call(msg.id, msg.method, msg.params);
        return;
      case 'sub':
        this.subscribe(msg.id, msg.stream, msg.params);
        return;
      case 'unsub':
        this.unsubscribe(msg.id);
        return;
      case 'ack':
        this.subscriptions.get(msg.id)?.sink.ack(msg.bytes);
        return;
    }
  }

  /** Stops every stream of this session: the renderer went away. */
  close(): void {
    this.closed = true;
    for (const id of [...this.subscriptions.keys()]) this.unsubscribe(id);
  }

  private async call(id: number, method: string, params: unknown): Promise<void> {
    if (!isCommandName(method)) {
      this.reply(id, { code: 'unknown-method', message: `unknown method "${method}"` });
      return;
    }
    const spec = commands[method];
    const request = spec.request.safeParse(params ?? {});
    if (!request.success) {
      const message = `invalid request for ${method}: ${describeIssues(request.error)}`;
      this.log.warn(message);
      this.reply(id, { code: 'bad-request', message });
      return;
    }
    try {
      const handler = this.impl.commands[method] as (req: unknown) => Promise<unknown>;
      const value = await handler(request.data);
      if (!this.closed) this.send({ t: 'result', id, ok: true, value });
    } catch (err) {
      this.reply(id, toErrorBody(err, method, this.log));
    }
  }

  private subscribe(id: number, stream: string, params: unknown): void {
    if (this.subscriptions.has(id)) {
      this.send({ t: 'end', id, error: { code: 'bad-request', message: `subscription id ${id} is already in use` } });
      return;
    }
    if (!isStreamName(stream)) {
      this.send({ t: 'end', id, error: { code: 'unknown-method', message: `unknown stream "${stream}"` } });
      return;
    }
    const spec = (streams as Record<string, { kind: 'bytes' | 'json'; params: ZodType }>)[stream]!;
    const p = spec.params.safeParse(params ?? {});
    if (!p.success) {
      const message = `invalid parameters for ${stream}: ${describeIssues(p.error)}`;
      this.log.warn(message);
      this.send({ t: 'end', id, error: { code: 'bad-request', message } });
      return;
    }
    const sink = new SubscriptionSink(id, spec.kind, this.send, () => this.subscriptions.delete(id));
    try {
      const start = (this.impl.streams as Record<string, (params: unknown, sink: StreamSink<unknown>) => () => void>)[stream]!;
      const stop = start(p.data, sink);
      if (sink.closed) {
        stop();
        return;
      }
      this.subscriptions.set(id, { stop, sink });
    } catch (err) {
      sink.end(toErrorBody(err, stream, this.log));
    }
  }

  private unsubscribe(id: number): void {
    const sub = this.subscriptions.get(id);
    if (!sub) return;
    this.subscriptions.delete(id);
    sub.sink.detach();
    sub.stop();
  }

  private reply(id: number, error: ApiErrorBody): void {
    if (!this.closed) this.send({ t: 'result', id, ok: false, error });
  }
}

/** Says where each validation issue is and what is wrong there, in one line. */
function describeIssues(error: ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

function toErrorBody(err: unknown, where: string, log: SessionLogger): ApiErrorBody {
  if (err instanceof ApiError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  log.warn(`${where} failed: ${err instanceof Error && err.stack ? err.stack : message}`);
  return { code: 'internal', message: `${where} failed: ${message}` };
}

class SubscriptionSink implements StreamSink<unknown> {
  private unacked = 0;
  private drainListeners: Array<() => void> = [];
  private attached = true;
  closed = false;

  constructor(
    private readonly id: number,
    private readonly kind: 'bytes' | 'json',
    private readonly send: (message: ServerMessage) => void,
    private readonly onEnd: () => void,
  ) {}

  write(data: unknown): boolean {
    if (this.closed) return false;
    if (this.kind === 'bytes') {
      const bytes = data as Uint8Array;
      this.unacked += bytes.byteLength;
      this.send({ t: 'chunk', id: this.id, data: bytes });
      return this.unacked < FLOW_HIGH_WATERMARK;
    }
    this.send({ t: 'event', id: this.id, data });
    return true;
  }

  onDrain(listener: () => void): void {
    this.drainListeners.push(listener);
  }

  ack(bytes: number): void {
    const wasAbove = this.unacked >= FLOW_LOW_WATERMARK;
    this.unacked = Math.max(0, this.unacked - bytes);
    if (wasAbove && this.unacked < FLOW_LOW_WATERMARK) {
      for (const listener of this.drainListeners) listener();
    }
  }

  end(error?: ApiErrorBody): void {
    if (this.closed) return;
    this.closed = true;
    if (this.attached) this.send(error ? { t: 'end', id: this.id, error } : { t: 'end', id: this.id });
    this.onEnd();
  }

  /** The renderer unsubscribed: later writes and ends go nowhere. */
  detach(): void {
    this.attached = false;
    this.closed = true;
  }
}
