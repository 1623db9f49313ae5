import { describe, expect, it } from 'vitest';
import type { ClientMessage, ServerMessage } from '../../../../src/api/wire';
import { decodeChunkFrame, encodeChunkFrame } from '../../../../src/api/wire';
import { ApiClient, RemoteError, type MessageChannel } from '../../../../src/renderer/transport/protocolClient';

function fakeChannel() {
  const sent: ClientMessage[] = [];
  let deliver: (m: ServerMessage) => void = () => {};
  let close: (reason: string) => void = () => {};
  const channel: MessageChannel = {
    send: (m) => sent.push(m),
    onMessage: (l) => (deliver = l),
    onClose: (l) => (close = l),
  };
  return { channel, sent, deliver: (m: ServerMessage) => deliver(m), close: (r: string) => close(r) };
}

describe('ApiClient', () => {
  it('matches results to calls by id', async () => {
    const f = fakeChannel();
    const client = new ApiClient(f.channel, 'web');
    const a = client.call('app.info', {});
    const b = client.call('lessons.list', {});
    const [ca, cb] = f.sent as Array<{ id: number }>;
    f.deliver({ t: 'result', id: cb!.id, ok: true, value: [] });
    f.deliver({ t: 'result', id: ca!.id, ok: false, error: { code: 'internal', message: 'boom' } });
    await expect(b).resolves.toEqual([]);
    await expect(a).rejects.toMatchObject({ code: 'internal', message: 'boom' });
  });

  it('rejects pending calls and ends streams when the connection drops', async () => {
    const f = fakeChannel();
    const client = new ApiClient(f.channel, 'web');
    const pending = client.call('app.info', {});
    let lost = '';
    client.onDisconnect((r) => (lost = r));
    f.close('server stopped');
    await expect(pending).rejects.toBeInstanceOf(RemoteError);
    expect(lost).toBe('server stopped');
    await expect(client.call('app.info', {})).rejects.toMatchObject({ code: 'unavailable' });
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
