import { afterAll, describe, expect, it } from 'vitest';
import { FLOW_HIGH_WATERMARK, type ServerMessage } from '../../../src/api/wire';
import { createBackend } from '../../../src/backend/backend';
import { ApiSession } from '../../../src/backend/rpc/apiSession';
import { ownQemuRecords, repoRoot, skipWithoutQemu, testHome, until } from './qemuTestKit';

describe.skipIf(skipWithoutQemu)('console flow control through the API', () => {
  // Kernel boots: these tests follow the boot markers, which a start from a template does not print.
  const backend = createBackend({ appRoot: repoRoot, home: testHome, mode: 'web', version: 'test', templates: false });
  const messages: ServerMessage[] = [];
  const session = new ApiSession(backend.api, (m) => messages.push(m));
  let nextId = 1;
  const call = async (method: string, params: unknown): Promise<unknown> => {
    const id = nextId++;
    session.receive({ t: 'call', id, method, params });
    await until(() => messages.some((m) => m.t === 'result' && m.id === id), 120_000, `${method} to answer`);
    const result = messages.find((m) => m.t === 'result' && m.id === id)!;
    if (result.t === 'result' && !result.ok) throw new Error(result.error.message);
    return result.t === 'result' && result.ok ? result.value : undefined;
  };
  const text = (sub: number): string =>
    messages
      .filter((m): m is Extract<ServerMessage, { t: 'chunk' }> => m.t === 'chunk' && m.id === sub)
      .map((m) => new TextDecoder().decode(m.data))
      .join('');
  const received = (sub: number): number => messages.reduce((sum, m) => sum + (m.t === 'chunk' && m.id === sub ? m.data.byteLength : 0), 0);

  afterAll(async () => {
    session.close();
    await backend.dispose();
    expect(ownQemuRecords()).toEqual([]);
  });

  it('holds a flooding guest at the high watermark until the terminal acknowledges', async () => {
    await call('vm.create', { id: 'flood', memoryMiB: 192, waitReady: true });
    const sub = nextId++;
    session.receive({ t: 'sub', id: sub, stream: 'vm.console', params: { id: 'flood' } });
    await until(() => received(sub) > 0, 5_000, 'the replayed screen');
    let acked = received(sub);
    session.receive({ t: 'ack', id: sub, bytes: acked });

    // 600 kB of output, and a terminal that stops acknowledging.
    const total = 600_000;
    await call('vm.input', {
      id: 'flood',
      data: { base64: Buffer.from(`head -c ${total} /dev/zero | tr '\\0' x; echo; echo "@@FLOOD""-DONE"\n`).toString('base64') },
    });
    await until(() => received(sub) - acked >= FLOW_HIGH_WATERMARK, 90_000, 'the high watermark');
    await new Promise((r) => setTimeout(r, 3000));
    const held = received(sub) - acked;
    // The guest was held: 3 s is many times what the whole flood takes, yet it has not
    // ended. Past the watermark came only what was in flight: on the serial line what
    // QEMU had written, on the virtio console what the guest printed until QMP's stop took
    // effect (at about 1.5 MB/s, a loaded host's 150 ms).
    expect(text(sub)).not.toContain('@@FLOOD-DONE');
    expect(held).toBeLessThan(FLOW_HIGH_WATERMARK + 256 * 1024);

    // The terminal catches up, acknowledging as it renders: the rest arrives, nothing lost.
    const acking = setInterval(() => {
      const now = received(sub);
      session.receive({ t: 'ack', id: sub, bytes: now - acked });
      acked = now;
    }, 20);
    try {
      await until(() => text(sub).includes('@@FLOOD-DONE'), 90_000, 'the end of the flood');
      expect(text(sub).match(/x/g)!.length).toBeGreaterThanOrEqual(total);
    } finally {
      clearInterval(acking);
    }
  });
});
