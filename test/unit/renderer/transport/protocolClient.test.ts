import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientMessage, ServerMessage } from '../../../../src/api/wire';
import { decodeChunkFrame, encodeChunkFrame } from '../../../../src/api/wire';
import { ApiClient, RemoteError, type ConnectionState, type MessageChannel } from '../../../../src/renderer/transport/protocolClient';

/** One connection to a stand-in server: what the client sent, and ways to answer or drop it. */
function fakeChannel() {
  const sent: ClientMessage[] = [];
  let deliver: (m: ServerMessage) => void = () => {};
  let close: (reason: string) => void = () => {};
  const channel: MessageChannel = {
    send: (m) => {
      if (m.t === 'call' && m.method === 'workspace.stacks.write') throw new RemoteError('limit', 'too large to send');
      sent.push(m);
    },
    onMessage: (l) => (deliver = l),
    onClose: (l) => (close = l),
  };
  return { channel, sent, deliver: (m: ServerMessage) => deliver(m), close: (r: string) => close(r) };
}
type FakeChannel = ReturnType<typeof fakeChannel>;

/** A connector that opens fake channels, or fails while `refusing` is set. */
function fakeServer() {
  const connections: FakeChannel[] = [];
  const server = {
    connections,
    refusing: false,
    attempts: 0,
    connect: async (): Promise<MessageChannel> => {
      server.attempts++;
      if (server.refusing) throw new Error('connection refused');
      const c = fakeChannel();
      connections.push(c);
      return c.channel;
    },
    latest: (): FakeChannel => connections.at(-1)!,
  };
  return server;
}

describe('ApiClient', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('matches results to calls by id', async () => {
    const server = fakeServer();
    const client = await ApiClient.connect(server.connect);
    const f = server.latest();
    const a = client.call('app.info', {});
    const b = client.call('lessons.list', {});
    const [ca, cb] = f.sent as Array<{ id: number }>;
    f.deliver({ t: 'result', id: cb!.id, ok: true, value: [] });
    f.deliver({ t: 'result', id: ca!.id, ok: false, error: { code: 'internal', message: 'boom' } });
    await expect(b).resolves.toEqual([]);
    await expect(a).rejects.toMatchObject({ code: 'internal', message: 'boom' });
  });

  it('on a drop fails pending calls, reconnects, opens the live subscriptions again and answers calls', async () => {
    const server = fakeServer();
    const client = await ApiClient.connect(server.connect);
    const states: ConnectionState[] = [];
    client.onConnectionChange((s) => states.push(s));
    const events: unknown[] = [];
    let ended = false;
    let resumed = 0;
    const sub = client.subscribe('vm.events', {}, { data: (e) => events.push(e), end: () => (ended = true), resumed: () => resumed++ });
    const closed = client.subscribe('vm.console', { id: 'vm1' }, { data: () => {} });
    closed.close();
    const first = server.latest();
    const pending = client.call('app.info', {});
    server.refusing = true;
    first.close('socket reset');
    await expect(pending).rejects.toBeInstanceOf(RemoteError);
    expect(states).toEqual([{ connected: false, reason: expect.stringContaining('socket reset') }]);
    await expect(client.call('app.info', {})).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('reconnecting') });
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.attempts).toBeGreaterThan(2);
    server.refusing = false;
    await vi.advanceTimersByTimeAsync(5000);
    expect(states.at(-1)).toEqual({ connected: true });
    const second = server.latest();
    expect(second).not.toBe(first);
    const resubscribed = second.sent.filter((m) => m.t === 'sub');
    expect(resubscribed).toEqual([{ t: 'sub', id: expect.any(Number), stream: 'vm.events', params: {} }]);
    second.deliver({ t: 'event', id: resubscribed[0]!.id, data: { kind: 'hello' } });
    expect(events).toEqual([{ kind: 'hello' }]);
    expect(ended).toBe(false);
    expect(resumed).toBe(1);
    const info = client.call('app.info', {});
    second.deliver({ t: 'result', id: (second.sent.at(-1) as { id: number }).id, ok: true, value: { name: 'Strata' } });
    await expect(info).resolves.toEqual({ name: 'Strata' });
    // Messages still arriving from the dropped connection are ignored.
    first.deliver({ t: 'event', id: resubscribed[0]!.id, data: { kind: 'stale' } });
    expect(events).toHaveLength(1);
    sub.close();
    expect(second.sent.at(-1)).toEqual({ t: 'unsub', id: resubscribed[0]!.id });
  });

  it('fails a call it cannot send without dropping the connection', async () => {
    const server = fakeServer();
    const client = await ApiClient.connect(server.connect);
    await expect(client.call('workspace.stacks.write', { name: 'big', text: 'x', overwrite: true })).rejects.toMatchObject({ code: 'limit' });
    const info = client.call('app.info', {});
    const f = server.latest();
    f.deliver({ t: 'result', id: (f.sent.at(-1) as { id: number }).id, ok: true, value: 1 });
    await expect(info).resolves.toBe(1);
    expect(server.connections).toHaveLength(1);
  });
});

describe('chunk frames', () => {
  it('round-trip a subscription id and bytes, including multi-byte text', () => {
    const data = new TextEncoder().encode('héllo → 世界');
    const frame = encodeChunkFrame(70000, data);
    const decoded = decodeChunkFrame(frame)!;
    expect(decoded.id).toBe(70000);
    expect(new TextDecoder().decode(decoded.data)).toBe('héllo → 世界');
    expect(decodeChunkFrame(new Uint8Array(3))).toBeNull();
  });
});
