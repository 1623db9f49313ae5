import { afterAll, describe, expect, it } from 'vitest';
import type { VmEvent } from '../../../src/api/vmApi';
import type { ServerMessage } from '../../../src/api/wire';
import { createBackend } from '../../../src/backend/backend';
import { ApiSession } from '../../../src/backend/rpc/apiSession';
import { ownQemuRecords, qemuProcessesOf, repoRoot, skipWithoutQemu, testHome, until } from './qemuTestKit';

/** A renderer stand-in on the real API session: calls, subscriptions and acks. */
function renderer() {
  const backend = createBackend({ appRoot: repoRoot, home: testHome, mode: 'web', version: 'test' });
  const messages: ServerMessage[] = [];
  let nextId = 1;
  const session = new ApiSession(backend.api, (m) => {
    messages.push(m);
    // Acknowledge console bytes as xterm.js would after rendering them.
    if (m.t === 'chunk') queueMicrotask(() => session.receive({ t: 'ack', id: m.id, bytes: m.data.byteLength }));
  });
  const call = async (method: string, params: unknown): Promise<unknown> => {
    const id = nextId++;
    session.receive({ t: 'call', id, method, params });
    await until(() => messages.some((m) => m.t === 'result' && m.id === id), 120_000, `${method} to answer`);
    const result = messages.find((m) => m.t === 'result' && m.id === id)!;
    if (result.t === 'result' && !result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.t === 'result' && result.ok ? result.value : undefined;
  };
  const subscribe = (stream: string, params: unknown): number => {
    const id = nextId++;
    session.receive({ t: 'sub', id, stream, params });
    return id;
  };
  const consoleText = (sub: number): string =>
    messages.filter((m): m is Extract<ServerMessage, { t: 'chunk' }> => m.t === 'chunk' && m.id === sub).map((m) => new TextDecoder().decode(m.data)).join('');
  const events = (sub: number): VmEvent[] => messages.filter((m) => m.t === 'event' && m.id === sub).map((m) => (m as { data: VmEvent }).data);
  const type = (id: string, text: string) => call('vm.input', { id, data: { base64: Buffer.from(text).toString('base64') } });
  return { backend, session, call, subscribe, consoleText, events, type, messages };
}

describe.skipIf(skipWithoutQemu)('a real VM through the API', () => {
  const r = renderer();
  let runtimeDir = '';

  afterAll(async () => {
    r.session.close();
    await r.backend.dispose();
    expect(qemuProcessesOf(runtimeDir)).toEqual([]);
  });

  it('boots to a shell, shows boot progress, and answers a command typed into the console', async () => {
    const events = r.subscribe('vm.events', {});
    const info = (await r.call('vm.create', { id: 'vm1', memoryMiB: 256 })) as { state: string; id: string };
    expect(info.state).toBe('booting');
    const consoleSub = r.subscribe('vm.console', { id: 'vm1' });
    await until(() => r.events(events).some((e) => e.type === 'boot' && e.phase === 'ready'), 90_000, 'the shell to be ready');
    const phases = r.events(events).filter((e) => e.type === 'boot').map((e) => (e.type === 'boot' ? e.phase : ''));
    expect(phases).toEqual(['spawned', 'kernel', 'init', 'network', 'ready']);
    expect(r.events(events).some((e) => e.type === 'vm' && e.vm.state === 'running' && (e.vm.bootMs ?? 0) > 0)).toBe(true);

    await r.type('vm1', 'uname -a\n');
    await until(() => /Linux vm1 6\.\d+\.\d+-\d+-cloud-amd64/.test(r.consoleText(consoleSub)), 30_000, 'uname output');
    // The boot log came through too: the console was connected from QEMU's first byte.
    expect(r.consoleText(consoleSub)).toContain('strata: init');
  });

  it('replays the screen to a terminal that reconnects', async () => {
    const again = r.subscribe('vm.console', { id: 'vm1' });
    await until(() => r.consoleText(again).includes('Linux vm1'), 5_000, 'the replay');
    expect(r.consoleText(again)).toContain('strata: ready vm1');
  });

  it('lists the VM with its node, address and accelerator', async () => {
    const list = (await r.call('vm.list', {})) as Array<{ id: string; node: string; ip: string; accel: string; state: string }>;
    expect(list).toEqual([expect.objectContaining({ id: 'vm1', node: 'node1', ip: '10.99.1.11', state: 'running' })]);
    expect(['kvm', 'tcg']).toContain(list[0]!.accel);
  });

  it('reports a guest whose QEMU dies as crashed, in its terminal too', async () => {
    const consoleSub = r.subscribe('vm.console', { id: 'vm1' });
    const events = r.subscribe('vm.events', { id: 'vm1' });
    const qemu = ownQemuRecords().find((p) => p.cmdline.includes('vm1-node1'));
    expect(qemu).toBeDefined();
    runtimeDir = qemu!.runtimeDir;
    process.kill(qemu!.pid, 'SIGKILL');
    await until(() => r.events(events).some((e) => e.type === 'vm' && e.vm.state === 'crashed'), 10_000, 'the crash event');
    const crashed = r.events(events).find((e) => e.type === 'vm' && e.vm.state === 'crashed');
    expect(crashed?.type === 'vm' && crashed.vm.reason).toMatch(/QEMU exited unexpectedly \(signal SIGKILL\)/);
    await until(() => r.consoleText(consoleSub).includes('[strata] Machine vm1 crashed'), 5_000, 'the note in the terminal');
    await r.call('vm.kill', { id: 'vm1' });
    expect(await r.call('vm.list', {})).toEqual([]);
  });
});
