import type { CommandName, Request, Response, StreamData, StreamName, StreamParams } from '../../api/contract';
import type { ApiErrorBody } from '../../api/errors';
import type { ClientMessage, ServerMessage } from '../../api/wire';

/** What carries protocol messages: the WebSocket to the server that served the page. */
export interface MessageChannel {
  send(message: ClientMessage): void;
  onMessage(listener: (message: ServerMessage) => void): void;
  onClose(listener: (reason: string) => void): void;
}

/** An error returned by the backend, with its typed code. */
export class RemoteError extends Error {
  constructor(
    readonly code: ApiErrorBody['code'],
    message: string,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

export interface Subscription {
  /** Tells the backend that `bytes` of a byte stream have been rendered; resumes a paused source. */
  ack(bytes: number): void;
  close(): void;
}

export interface StreamHandlers<T> {
  data(data: T): void;
  end?(error?: RemoteError): void;
}

/**
 * The renderer's side of the API: typed calls and subscriptions over any channel.
 * The UI gets one instance and never knows which transport it has.
 */
export class ApiClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly subs = new Map<number, StreamHandlers<unknown>>();
  private closedReason: string | null = null;
  private readonly closeListeners: Array<(reason: string) => void> = [];

  constructor(
    private readonly channel: MessageChannel,
    readonly mode: 'electron' | 'web',
  ) {
    channel.onMessage((m) => this.dispatch(m));
    channel.onClose((reason) => this.fail(reason));
  }

  call<M extends CommandName>(method: M, request: Request<M>): Promise<Response<M>> {
    if (this.closedReason) return Promise.reject(new RemoteError('unavailable', this.closedReason));
    const id = this.nextId++;
    return new Promise<Response<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.channel.send({ t: 'call', id, method, params: request });
    });
  }

  subscribe<S extends StreamName>(stream: S, params: StreamParams<S>, handlers: StreamHandlers<StreamData<S>>): Subscription {
    const id = this.nextId++;
    this.subs.set(id, handlers as StreamHandlers<unknown>);
    if (this.closedReason) {
      queueMicrotask(() => this.endSub(id, new RemoteError('unavailable', this.closedReason ?? 'disconnected')));
    } else {
      this.channel.send({ t: 'sub', id, stream, params });
    }
    return {
      ack: (bytes) => {
        if (this.subs.has(id) && !this.closedReason) this.channel.send({ t: 'ack', id, bytes });
      },
      close: () => {
        if (this.subs.delete(id) && !this.closedReason) this.channel.send({ t: 'unsub', id });
      },
    };
  }

  /** Called once when the connection to the backend is lost. */
  onDisconnect(listener: (reason: string) => void): void {
    if (this.closedReason) listener(this.closedReason);
    else this.closeListeners.push(listener);
  }

  private dispatch(m: ServerMessage): void {
    switch (m.t) {
      case 'result': {
        if (m.id === null) {
          console.warn(`backend rejected a message: ${m.ok ? '' : m.error.message}`);
          return;
        }
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(new RemoteError(m.error.code, m.error.message));
        return;
      }
      case 'event':
      case 'chunk':
        this.subs.get(m.id)?.data(m.data);
        return;
      case 'end':
        this.endSub(m.id, m.error ? new RemoteError(m.error.code, m.error.message) : undefined);
        return;
    }
  }

  private endSub(id: number, error?: RemoteError): void {
    const h = this.subs.get(id);
    if (!h) return;
    this.subs.delete(id);
    h.end?.(error);
  }

  private fail(reason: string): void {
    if (this.closedReason) return;
    this.closedReason = reason;
    for (const [, p] of this.pending) p.reject(new RemoteError('unavailable', reason));
    this.pending.clear();
    for (const id of [...this.subs.keys()]) this.endSub(id, new RemoteError('unavailable', reason));
    for (const l of this.closeListeners) l(reason);
  }
}
