import type { CommandName, Request, Response, StreamData, StreamName, StreamParams } from '../../api/contract';
import type { ApiErrorBody } from '../../api/errors';
import type { ClientMessage, ServerMessage } from '../../api/wire';

/** What carries protocol messages: the WebSocket to the server that served the page. */
export interface MessageChannel {
  /** Throws a {@link RemoteError} when the message cannot be sent (too large). */
  send(message: ClientMessage): void;
  onMessage(listener: (message: ServerMessage) => void): void;
  onClose(listener: (reason: string) => void): void;
}

/** Opens a fresh channel to the same server; rejects when it cannot. */
export type Connector = () => Promise<MessageChannel>;

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
  /** The stream opens again after a reconnection and starts over (a console replays what it keeps). */
  resumed?(): void;
}

export type ConnectionState = { connected: true } | { connected: false; reason: string };

/** Waits between reconnection attempts; the last one repeats. */
const RECONNECT_DELAYS_MS = [100, 250, 500, 1000, 2000, 4000];

/**
 * The renderer's side of the API: typed calls and subscriptions. When the connection
 * drops it reconnects by itself and opens the live subscriptions again; calls made
 * meanwhile fail with `unavailable` (an autosave keeps its value and retries), so the
 * page and the work in it stay as they are.
 */
export class ApiClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly subs = new Map<number, { stream: StreamName; params: unknown; handlers: StreamHandlers<unknown> }>();
  private channel: MessageChannel | null = null;
  private lostReason: string | null = null;
  private readonly listeners: Array<(state: ConnectionState) => void> = [];

  private constructor(private readonly connector: Connector) {}

  /** Connects once; the first failure is the caller's to show (the page cannot start). */
  static async connect(connector: Connector): Promise<ApiClient> {
    const client = new ApiClient(connector);
    client.attach(await connector());
    return client;
  }

  call<M extends CommandName>(method: M, request: Request<M>): Promise<Response<M>> {
    const channel = this.channel;
    if (!channel) return Promise.reject(new RemoteError('unavailable', this.lostReason ?? 'not connected'));
    const id = this.nextId++;
    return new Promise<Response<M>>((resolve, reject) => {
      try {
        channel.send({ t: 'call', id, method, params: request });
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
  }

  subscribe<S extends StreamName>(stream: S, params: StreamParams<S>, handlers: StreamHandlers<StreamData<S>>): Subscription {
    const id = this.nextId++;
    this.subs.set(id, { stream, params, handlers: handlers as StreamHandlers<unknown> });
    // While disconnected the subscription waits: it opens with the next connection.
    this.channel?.send({ t: 'sub', id, stream, params });
    return {
      ack: (bytes) => {
        if (this.subs.has(id)) this.channel?.send({ t: 'ack', id, bytes });
      },
      close: () => {
        if (this.subs.delete(id)) this.channel?.send({ t: 'unsub', id });
      },
    };
  }

  /** Hears every loss and every return of the connection. */
  onConnectionChange(listener: (state: ConnectionState) => void): void {
    this.listeners.push(listener);
  }

  private attach(channel: MessageChannel): void {
    this.channel = channel;
    this.lostReason = null;
    channel.onMessage((m) => {
      if (this.channel === channel) this.dispatch(m);
    });
    channel.onClose((reason) => {
      if (this.channel === channel) this.lost(reason);
    });
    for (const [id, sub] of this.subs) {
      sub.handlers.resumed?.();
      channel.send({ t: 'sub', id, stream: sub.stream, params: sub.params });
    }
  }

  private lost(reason: string): void {
    this.channel = null;
    this.lostReason = `the connection to Strata was lost (${reason}); reconnecting…`;
    const error = new RemoteError('unavailable', this.lostReason);
    for (const [, p] of this.pending) p.reject(error);
    this.pending.clear();
    for (const l of this.listeners) l({ connected: false, reason: this.lostReason });
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await new Promise((r) => setTimeout(r, RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]));
      try {
        this.attach(await this.connector());
        for (const l of this.listeners) l({ connected: true });
        return;
      } catch {
        // The server may be busy or restarting its socket: keep trying, the status bar says so.
      }
    }
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
        this.subs.get(m.id)?.handlers.data(m.data);
        return;
      case 'end': {
        const sub = this.subs.get(m.id);
        if (!sub) return;
        this.subs.delete(m.id);
        sub.handlers.end?.(m.error ? new RemoteError(m.error.code, m.error.message) : undefined);
        return;
      }
    }
  }
}
