import { afterAll, describe, expect, it } from 'vitest';
import type { VmEvent } from '../../../src/api/vmApi';
import type { ServerMessage } from '../../../src/api/wire';
import { createBackend } from '../../../src/backend/backend';
import { ApiSession } from '../../../src/backend/rpc/apiSession';
import { ownQemuRecords, qemuProcessesOf, repoRoot, skipWithoutQemu, testHome, until } from './qemuTestKit';

/** A renderer stand-in on the real API session: calls, subscriptions and acks. */
function renderer() {
  // Kernel boots: these tests follow the boot markers, which a start from a template does not print.
  const backend = createBackend({ appRoot: repoRoot, home: testHome, mode: 'web', version: 'test', templates: false });
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
    messages
      .filter((m): m is Extract<ServerMessage, { t: 'chunk' }> => m.t === 'chunk' && m.id === sub)
      .map((m) => new TextDecoder().decode(m.data))
      .join('');
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
    const phases = r
      .events(events)
      .filter((e) => e.type === 'boot')
      .map((e) => (e.type === 'boot' ? e.phase : ''));
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

  it('runs exercise checks over their own channel: they see what the student started, and the terminal never shows them', async () => {
    const consoleSub = r.subscribe('vm.console', { id: 'vm1' });
    // A check in the spirit of lesson 01's: some process lives in a PID namespace other than init's.
    const check = `init=$(readlink /proc/1/ns/pid); for p in /proc/[0-9]*; do ns=$(readlink $p/ns/pid 2>/dev/null) || continue; [ "$ns" != "$init" ] && echo "$(cat $p/comm) $ns"; done; true`;
    const exec = (command: string, timeoutMs?: number) =>
      r.call('vm.exec', { id: 'vm1', command, timeoutMs }) as Promise<{ stdout: string; exitCode: number; truncated: boolean }>;
    expect(await exec(check)).toEqual({ stdout: '', exitCode: 0, truncated: false });

    await r.type('vm1', "unshare -p -f sh -c 'sleep 600'\n");
    await until(() => r.consoleText(consoleSub).includes("sh -c 'sleep 600'"), 30_000, 'the echo of the typed command');
    // unshare forks before the shell starts: ask until that shell (or its sleep) is there.
    let found = '';
    for (const end = Date.now() + 60_000; !/^(sh|sleep) pid:\[\d+\]$/m.test(found) && Date.now() < end;) found = (await exec(check)).stdout;
    expect(found).toMatch(/^(sh|sleep) pid:\[\d+\]$/m);

    const status = await exec('echo out; echo err >&2; exit 3');
    expect(status).toEqual({ stdout: 'out\nerr\n', exitCode: 3, truncated: false });
    expect((await exec('sleep 30', 1000)).exitCode).toBe(137);
    const big = await exec('head -c 70000 /dev/zero | tr "\\0" x');
    expect(big.truncated).toBe(true);
    expect(big.stdout).toBe('x'.repeat(64 * 1024));

    // The student's shell is still running the sleep and has shown nothing of the checks.
    const text = r.consoleText(consoleSub);
    for (const word of ['readlink', 'echo err', 'sleep 30', '/dev/zero']) expect(text).not.toContain(word);
    await r.type('vm1', '\x03');
  });

  it('ends the foreground job on Ctrl-C: the terminal is the shell’s controlling tty', async () => {
    // How many `sleep 700` run in the guest, once there are `want` or after 30 s.
    const sleeps = async (want: string): Promise<string> => {
      let count = '';
      for (const end = Date.now() + 30_000; count !== want && Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 200)))
        count = ((await r.call('vm.exec', { id: 'vm1', command: 'ps -o args | grep -c "^sleep 700"' })) as { stdout: string }).stdout.trim();
      return count;
    };
    await r.type('vm1', 'sleep 700\n');
    expect(await sleeps('1')).toBe('1');
    await r.type('vm1', '\x03');
    expect(await sleeps('0')).toBe('0');
  });

  it('passes output written a line at a time whole, in order and with CR LF, and starts a new shell after exit', async () => {
    // The shell runs on a pseudo-terminal behind the guest's console relay, which gathers lines into few writes.
    const consoleSub = r.subscribe('vm.console', { id: 'vm1' });
    await r.type('vm1', 'seq 1 3000; tty; echo "seq-""done"\n');
    await until(() => r.consoleText(consoleSub).includes('seq-done'), 60_000, 'the end of seq');
    const text = r.consoleText(consoleSub);
    const from = text.indexOf('\r\n1\r\n') + 2;
    const expected = Array.from({ length: 3000 }, (_, i) => `${i + 1}\r\n`).join('');
    expect(text.slice(from, from + expected.length)).toBe(expected);
    expect(text).toMatch(/\/dev\/pts\/\d+\r\nseq-done/);
    // The shell has nothing of the relay's open, such as the console, which CRIU could not dump in a process it started.
    await r.type('vm1', 'echo "open:" $(for f in /proc/$$/fd/*; do readlink $f; done | grep -v pipe | sort -u)\n');
    await until(() => /open: [^\r]*\r\n/.test(r.consoleText(consoleSub)), 30_000, 'the shell’s open files');
    expect(/open: ([^\r]*)\r\n/.exec(r.consoleText(consoleSub))?.[1]).toMatch(/^\/dev\/pts\/\d+ \/dev\/tty$/);

    // Something left in the background keeps the pseudo-terminal open; the new shell comes all the same.
    await r.type('vm1', 'sleep 600 & echo "in-""background"\n');
    await until(() => /in-background\r\n.*vm1:\/root# /s.test(r.consoleText(consoleSub)), 30_000, 'the prompt after the background job');
    const prompts = (): number => (r.consoleText(consoleSub).match(/vm1:\/root# /g) ?? []).length;
    const before = prompts();
    await r.type('vm1', 'exit\n');
    await until(() => prompts() > before, 30_000, 'a new prompt after exit');
    await r.type('vm1', 'echo "again-"$((6*7))\n');
    await until(() => r.consoleText(consoleSub).includes('again-42'), 30_000, 'the new shell to answer');
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
