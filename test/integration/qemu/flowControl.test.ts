import { afterAll, describe, expect, it } from 'vitest';
import { FLOW_HIGH_WATERMARK, type ServerMessage } from '../../../src/api/wire';
import { CONSOLE_HOLD_LIMIT_MS } from '../../../src/backend/qemu/serialConsole';
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

  /** Subscribes a terminal to the flood VM's console; it acknowledges what it got when told to. */
  const terminal = async (): Promise<{ sub: number; ack(): void; acked(): number }> => {
    const sub = nextId++;
    session.receive({ t: 'sub', id: sub, stream: 'vm.console', params: { id: 'flood' } });
    await until(() => received(sub) > 0, 5_000, 'the replayed screen');
    let acked = 0;
    const ack = (): void => {
      const now = received(sub);
      session.receive({ t: 'ack', id: sub, bytes: now - acked });
      acked = now;
    };
    ack();
    return { sub, ack, acked: () => acked };
  };
  const flood = (bytes: number, marker: string): Promise<unknown> =>
    call('vm.input', {
      id: 'flood',
      data: { base64: Buffer.from(`head -c ${bytes} /dev/zero | tr '\\0' x; echo; echo "@@${marker}""-DONE"\n`).toString('base64') },
    });

  it('holds a flooding guest at the high watermark until the terminal acknowledges', async () => {
    await call('vm.create', { id: 'flood', memoryMiB: 192, waitReady: true });
    const t = await terminal();

    // 2 MB of output, and a terminal that stops acknowledging for a second.
    const total = 2_000_000;
    await flood(total, 'FLOOD');
    await until(() => received(t.sub) - t.acked() >= FLOW_HIGH_WATERMARK, 90_000, 'the high watermark');
    await new Promise((r) => setTimeout(r, CONSOLE_HOLD_LIMIT_MS / 2));
    const held = received(t.sub) - t.acked();
    // The guest was held: the flood has not ended, and past the watermark came only what
    // was in flight: on the serial line what QEMU had written, on the virtio console what
    // the guest printed until QMP's stop took effect (at about 1.5 MB/s, a loaded host's 150 ms).
    expect(text(t.sub)).not.toContain('@@FLOOD-DONE');
    expect(held).toBeLessThan(FLOW_HIGH_WATERMARK + 256 * 1024);

    // The terminal catches up, acknowledging as it renders: the rest arrives, nothing lost.
    const acking = setInterval(t.ack, 20);
    try {
      await until(() => text(t.sub).includes('@@FLOOD-DONE'), 90_000, 'the end of the flood');
      expect(text(t.sub).match(/x/g)!.length).toBeGreaterThanOrEqual(total);
    } finally {
      clearInterval(acking);
      session.receive({ t: 'unsub', id: t.sub });
    }
  });

  it('lets the guest go on when a terminal stays behind, and redraws that terminal when it catches up', async () => {
    // Two tabs on one VM: the one in the background stops acknowledging, the other keeps up.
    const background = await terminal();
    const front = await terminal();
    const acking = setInterval(front.ack, 20);
    try {
      await flood(2_000_000, 'SECOND');
      await until(() => text(front.sub).includes('@@SECOND-DONE'), 90_000, 'the end of the flood in the front terminal');
      expect(received(background.sub) - background.acked()).toBeLessThan(FLOW_HIGH_WATERMARK + 256 * 1024);
      expect(text(background.sub)).not.toContain('@@SECOND-DONE');

      // The background tab catches up: a reset, then the kept screen, with the flood's end.
      background.ack();
      await until(() => text(background.sub).includes('@@SECOND-DONE'), 10_000, 'the redrawn screen');
      expect(text(background.sub).slice(text(background.sub).lastIndexOf('\x1bc'))).toContain('@@SECOND-DONE');
    } finally {
      clearInterval(acking);
    }
  });
});
