import { commands, streams, type CommandName, type Request, type Response, type StreamData, type StreamName } from '../../../../src/api/contract';
import type { ClientMessage, ServerMessage } from '../../../../src/api/wire';
import { useStrata } from '../../../../src/renderer/store/store';
import { ApiClient, type MessageChannel } from '../../../../src/renderer/transport/protocolClient';

export type Answers = { [M in CommandName]?: (request: Request<M>) => Response<M> | Promise<Response<M>> };

interface Connection {
  deliver(message: ServerMessage): void;
  close(reason: string): void;
  /** Open subscriptions on this connection: subscription id → stream. */
  subs: Map<number, StreamName>;
}

/**
 * The backend as the renderer's store meets it: the real ApiClient over in-memory
 * connections. The test answers calls by method and pushes events on the open
 * subscriptions; what both carry is checked against the API's schemas, so a test cannot
 * feed the store a shape the backend never sends. `drop` closes the connection, and the
 * client reconnects and subscribes again as it does over the WebSocket.
 */
export async function fakeBackend(answers: Answers = {}) {
  const calls: Array<{ method: CommandName; params: unknown }> = [];
  let current: Connection | null = null;

  const answer = async (method: CommandName, params: unknown): Promise<unknown> => {
    const handler = answers[method] as ((request: unknown) => unknown) | undefined;
    if (!handler) throw new Error(`the fake backend has no answer for ${method}`);
    return commands[method].response.parse(await handler(params));
  };

  const connect = async (): Promise<MessageChannel> => {
    let deliver: (message: ServerMessage) => void = () => {};
    let close: (reason: string) => void = () => {};
    const connection: Connection = { deliver: (m) => deliver(m), close: (r) => close(r), subs: new Map() };
    current = connection;
    return {
      send: (m: ClientMessage) => {
        if (m.t === 'sub') connection.subs.set(m.id, m.stream as StreamName);
        else if (m.t === 'unsub') connection.subs.delete(m.id);
        else if (m.t === 'call') {
          const method = m.method as CommandName;
          calls.push({ method, params: m.params });
          answer(method, m.params).then(
            (value) => connection.deliver({ t: 'result', id: m.id, ok: true, value }),
            (err: unknown) => connection.deliver({ t: 'result', id: m.id, ok: false, error: { code: 'internal', message: (err as Error).message } }),
          );
        }
      },
      onMessage: (listener) => (deliver = listener),
      onClose: (listener) => (close = listener),
    };
  };

  const client = await ApiClient.connect(connect);
  return {
    client,
    /** Every call the store made, in order. */
    calls,
    /** The methods called so far. */
    called: (): CommandName[] => calls.map((c) => c.method),
    /** Sends an event to every subscription of `stream` on the live connection. */
    emit<S extends StreamName>(stream: S, data: StreamData<S>): void {
      const spec = streams[stream];
      const checked = 'event' in spec ? spec.event.parse(data) : data;
      for (const [id, s] of current?.subs ?? []) if (s === stream) current!.deliver({ t: 'event', id, data: checked });
    },
    /** Subscriptions open on the live connection, by stream. */
    subscribed: (stream: StreamName): number => [...(current?.subs.values() ?? [])].filter((s) => s === stream).length,
    /** Closes the live connection as a dropped WebSocket does; the client reconnects after its first delay (100 ms). */
    drop(reason = 'socket reset'): void {
      const dropped = current;
      current = null;
      dropped?.close(reason);
    },
  };
}

export type FakeBackend = Awaited<ReturnType<typeof fakeBackend>>;

const initial = useStrata.getState();

/** Puts the store back as the app starts it, then connected to a fake backend that answers with `answers`. */
export async function connectedStore(answers: Answers = {}): Promise<FakeBackend> {
  const backend = await fakeBackend(answers);
  useStrata.setState({ ...initial, api: backend.client }, true);
  return backend;
}
