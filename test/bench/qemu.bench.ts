/**
 * Real QEMU figures (issue 6): a cold boot to the shell prompt through Strata against a
 * bare QEMU booting the same image with the app's own command line (goal: under 1.15
 * times; starts from the booted-state template are `npm run bench templates`), terminal
 * throughput against the same bare QEMU's terminal, the virtio console, and against a
 * bare QEMU whose terminal is the serial line Strata used before (issue 14: at least 0.95
 * times a bare QEMU's, or a faster channel that raises the ceiling) at three depths of the app: the backend's console stream, the real web server's
 * WebSocket (another process, as `npm start` runs it, with the wire protocol's
 * acknowledgements) and xterm.js in Chromium (the Machines view, the command typed with the
 * keyboard, until the end marker is drawn), the same for output written a line at a time
 * (bare serial line, bare virtio console, xterm.js), echo latency (through the console stream, the
 * WebSocket and xterm.js, to the drawn character), and live migration. Runs are
 * alternated (bare, Strata, bare, ...) so a busy neighbour on the 2 cores weighs on both.
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { WebSocket } from 'ws';
import type { StreamSink } from '../../src/api/handlers';
import type { ServerMessage } from '../../src/api/wire';
import { GuestImage } from '../../src/backend/qemu/guestImage';
import { VmService } from '../../src/backend/qemu/vmService';
import { liveMigration } from '../../src/cli/demo';
import { repoRoot, startWebApp } from '../e2e/support/webApp';

const recipeDir = fileURLToPath(new URL('../../assets/guest/', import.meta.url));
const home = path.join(os.tmpdir(), 'strata-qemu-bench-home');
const bootRuns = 3;
const PROMPT = /:\/root# /;
/** Guest output per throughput run, and runs per path (alternated with the bare QEMU's). */
const FLOOD_BYTES = 300_000;
const FLOOD_RUNS = 3;

/** Guest output in large writes: FLOOD_BYTES with no line end. */
const BLOCK_OUTPUT = `head -c ${FLOOD_BYTES} /dev/zero | tr '\\0' 'x'`;
/**
 * Guest output a line at a time, as most programs print to a terminal (stdio flushes each
 * line): the virtio console costs a round trip per write (docs/qemu.md#the-console).
 */
const LINES = 20_000;
const LINE_OUTPUT = `seq 1 ${LINES}`;
/**
 * The pause before each key of the echo figures, a fast typist's: the guest's console
 * relay gathers output that follows its last write within 5 ms, as a stream
 * (assets/guest/console/strata-console.c), and keys sent back to back would be one.
 */
const TYPIST_GAP_MS = 50;
const typistPause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, TYPIST_GAP_MS));

/** Runs `output` (by default BLOCK_OUTPUT), then prints a marker of this run's own that the command line's echo does not contain. */
function floodCommand(run: number, output = BLOCK_OUTPUT): { command: string; marker: RegExp } {
  return { command: `${output}; echo "@@DONE""$((${run}+1000))"\n`, marker: new RegExp(`@@DONE${run + 1000}`) };
}

/** Bare QEMU groups still running: killed if the bench process exits midway. */
const bareGroups = new Set<number>();
process.once('exit', () => bareGroups.forEach((pgid) => killGroup(pgid)));
// Node runs 'exit' handlers on a signal only if the process exits on it itself.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(128 + os.constants.signals[signal]));

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  bareGroups.delete(pgid);
}

/** A qemu-system-x86_64 in its own process group. */
function spawnBare(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn('qemu-system-x86_64', args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  bareGroups.add(child.pid!);
  child.stderr.resume();
  return child;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** The app's own QEMU command line for a running VM, read back from /proc. */
export async function appQemuArgs(service: VmService, id: string): Promise<string[]> {
  const pid = service.machine(id).qemuPid;
  if (pid === undefined) throw new Error(`${id} has no QEMU process`);
  const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter((a) => a !== '');
  return argv.slice(1);
}

/**
 * The app's command line with the terminal moved back to the first serial line (ttyS0), the
 * channel Strata used before the virtio console: the kernel's console and the guest's
 * shell (its init stays on ttyS0 when the command line names no hvc0) on the socket the
 * kernel's log file was.
 */
function onSerialLine(appArgs: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < appArgs.length; i++) {
    const [flag, value] = [appArgs[i]!, appArgs[i + 1] ?? ''];
    if ((flag === '-device' && /^(virtio-serial-pci|virtconsole)\b/.test(value)) || (flag === '-chardev' && value.startsWith('socket,id=con0,'))) {
      i++;
      continue;
    }
    if (flag === '-chardev' && value.startsWith('file,id=ser0,')) {
      out.push(flag, value.replace(/^file,id=ser0,path=(.+)\.log$/, 'socket,id=ser0,path=$1.ser,server=on,wait=on'));
      i++;
      continue;
    }
    if (flag === '-append') {
      out.push(flag, value.replace(' console=hvc0', ''));
      i++;
      continue;
    }
    out.push(flag);
  }
  return out;
}

/**
 * Starts a bare QEMU with exactly the given command line (the app's, or {@link onSerialLine}'s),
 * but its own overlay and socket folder, and connects to its terminal's socket (the virtio
 * console's, else the serial line's) as nothing but a reader: no console session, ring
 * buffer or stream in between.
 */
async function bareQemu(appArgs: readonly string[], baseImage: string): Promise<{ serial: Socket; child: ChildProcessWithoutNullStreams; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'strata-bare-'));
  const overlay = path.join(dir, 'disk.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', baseImage, '-F', 'qcow2', overlay]);
  const terminal = appArgs.map((a) => /^socket,id=(con0|ser0),path=(.+)\.(con|ser),/.exec(a)).find((m) => m !== null);
  if (!terminal) throw new Error(`no terminal socket in the app's command line: ${appArgs.join(' ')}`);
  const [, , appBase, suffix] = terminal;
  const base = path.join(dir, 'vm');
  const args = appArgs.map((a) =>
    a
      .split(appBase!)
      .join(base)
      .replace(/^file=[^,]+,format=qcow2/, `file=${overlay},format=qcow2`),
  );
  const child = spawnBare(args);
  const serial = await connectWhenListening(`${base}.${suffix}`);
  return { serial, child, dir };
}

async function connectWhenListening(socketPath: string): Promise<Socket> {
  for (const started = Date.now(); Date.now() - started < 30_000; await new Promise((r) => setTimeout(r, 20))) {
    const socket = await new Promise<Socket | undefined>((resolve) => {
      const s = connect(socketPath);
      s.once('connect', () => resolve(s));
      s.once('error', () => resolve(undefined));
    });
    if (socket) return socket;
  }
  throw new Error(`${socketPath} did not listen within 30 s`);
}

/** Reads a bare QEMU's serial socket, keeping its last 4 KiB to match patterns against. */
function serialReader(serial: Socket): { wait(pattern: RegExp): Promise<void>; bytes(): number } {
  let out = '';
  let total = 0;
  let waiting: { pattern: RegExp; resolve: () => void } | undefined;
  serial.on('data', (d: Buffer) => {
    total += d.byteLength;
    out = (out + d.toString()).slice(-4096);
    if (waiting?.pattern.test(out)) waiting.resolve();
  });
  return { wait: (pattern) => new Promise((resolve) => (waiting = { pattern, resolve })), bytes: () => total };
}

/** Boots the image with the app's QEMU command line, bare, and times the first shell prompt. */
export async function bareBoot(appArgs: readonly string[], baseImage: string): Promise<number> {
  const started = performance.now();
  const { serial, child, dir } = await bareQemu(appArgs, baseImage);
  try {
    const reader = serialReader(serial);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('bare qemu did not reach a prompt in 120 s')), 120_000)));
    await Promise.race([reader.wait(PROMPT), timeout]).finally(() => clearTimeout(timer));
    return performance.now() - started;
  } finally {
    serial.destroy();
    killGroup(child.pid!);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A bare QEMU of the app's command line, booted once to its prompt; each flood is read
 * straight off its serial socket and gives bytes per second.
 */
async function bareConsole(
  appArgs: readonly string[],
  baseImage: string,
): Promise<{ flood(run: number): Promise<number>; lines(run: number): Promise<number>; close(): Promise<void> }> {
  const { serial, child, dir } = await bareQemu(appArgs, baseImage);
  const reader = serialReader(serial);
  await reader.wait(PROMPT);
  return {
    flood: async (run) => {
      const { command, marker } = floodCommand(run);
      const t0 = performance.now();
      const before = reader.bytes();
      serial.write(command);
      await reader.wait(marker);
      return (reader.bytes() - before) / ((performance.now() - t0) / 1000);
    },
    lines: async (run) => {
      const { command, marker } = floodCommand(run, LINE_OUTPUT);
      const t0 = performance.now();
      serial.write(command);
      await reader.wait(marker);
      return performance.now() - t0;
    },
    close: async () => {
      serial.destroy();
      killGroup(child.pid!);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A client of the real web server's WebSocket, speaking the wire protocol as the page
 * does: calls, a `vm.console` subscription whose chunks it acknowledges as it receives them.
 */
async function wireClient(appUrl: string): Promise<{
  call(method: string, params: unknown): Promise<unknown>;
  console(id: string): { bytes(): number; text(): string; onChunk(listener: (data: Uint8Array) => void): void };
  close(): void;
}> {
  const url = new URL(appUrl);
  const ws = new WebSocket(`ws://${url.host}/api?token=${url.searchParams.get('token')}`, { origin: `http://${url.host}` });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const results = new Map<number, (m: Extract<ServerMessage, { t: 'result' }>) => void>();
  const chunkListeners = new Map<number, (data: Uint8Array) => void>();
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) {
      const sub = data.readUInt32BE(0);
      const bytes = data.subarray(4);
      chunkListeners.get(sub)?.(bytes);
      ws.send(JSON.stringify({ t: 'ack', id: sub, bytes: bytes.byteLength }));
      return;
    }
    const m = JSON.parse(data.toString()) as ServerMessage;
    if (m.t === 'result' && m.id !== null) results.get(m.id)?.(m);
  });
  return {
    call: (method, params) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        results.set(id, (m) => (m.ok ? resolve(m.value) : reject(new Error(`${method}: ${m.error.message}`))));
        ws.send(JSON.stringify({ t: 'call', id, method, params }));
      }),
    console: (vmId) => {
      const id = nextId++;
      let bytes = 0;
      // The last 4 KiB, for markers.
      let tail = '';
      const decoder = new TextDecoder();
      let listener: (data: Uint8Array) => void = () => {};
      chunkListeners.set(id, (data) => {
        bytes += data.byteLength;
        if (asksCursor(data))
          ws.send(
            JSON.stringify({
              t: 'call',
              id: nextId++,
              method: 'vm.input',
              params: { id: vmId, data: { base64: Buffer.from(CURSOR_REPORT).toString('base64') } },
            }),
          );
        tail = (tail + decoder.decode(data, { stream: true })).slice(-4096);
        listener(data);
      });
      ws.send(JSON.stringify({ t: 'sub', id, stream: 'vm.console', params: { id: vmId } }));
      return { bytes: () => bytes, text: () => tail, onChunk: (l) => (listener = l) };
    },
    close: () => ws.close(),
  };
}

/** Resolves once `condition` holds, checked on every chunk `watch` reports. */
function whenChunk(watch: (listener: (data: Uint8Array) => void) => void, condition: () => boolean): Promise<void> {
  return new Promise((resolve) => watch(() => condition() && resolve()));
}

/**
 * Types a flood's command into the terminal the Machines view shows, key by key, and
 * returns bytes per second from its Enter key to the moment xterm.js puts its marker in
 * the rows (it does so in the animation frame that draws them), on the page's own clock.
 * The page's content security policy refuses Playwright's polling functions, so a watcher
 * is installed with evaluate and its promise awaited. The watcher is a MutationObserver:
 * a requestAnimationFrame loop, or polling from here, would make the page work at every
 * frame, which a user's page does not.
 */
async function xtermFlood(page: Page, run: number, output = BLOCK_OUTPUT): Promise<number> {
  const { command, marker } = floodCommand(run, output);
  await page.locator('.terminal-pane:not([hidden]) .vm-terminal').click();
  await page.keyboard.type(command.slice(0, -1));
  await page.evaluate(`(() => {
    const rows = document.querySelector('.terminal-pane:not([hidden]) .xterm-rows');
    let from = performance.now();
    window.strataFlood = new Promise((resolve) => {
      const seen = new MutationObserver(() => {
        if (!rows.textContent.includes(${JSON.stringify(marker.source)})) return;
        seen.disconnect();
        resolve(performance.now() - from);
      });
      seen.observe(rows, { childList: true, subtree: true, characterData: true });
    });
    document.addEventListener('keydown', (e) => { if (e.key === 'Enter') from = performance.now(); }, { once: true, capture: true });
  })()`);
  await page.keyboard.press('Enter');
  return (await Promise.race([page.evaluate('window.strataFlood'), timeout(300_000, `the terminal did not show ${marker.source}`)])) as number;
}

/**
 * Presses one key in the shown terminal and returns the milliseconds from its keydown to
 * the rows' text changing (in the frame that draws the echo), on the page's own clock.
 */
async function xtermEcho(page: Page, key: string): Promise<number> {
  await page.evaluate(`(() => {
    const rows = document.querySelector('.terminal-pane:not([hidden]) .xterm-rows');
    const before = rows.textContent;
    window.strataEcho = new Promise((resolve) => {
      document.addEventListener('keydown', () => {
        const from = performance.now();
        const seen = new MutationObserver(() => {
          if (rows.textContent === before) return;
          seen.disconnect();
          resolve(performance.now() - from);
        });
        seen.observe(rows, { childList: true, subtree: true, characterData: true });
      }, { once: true, capture: true });
    });
  })()`);
  await page.keyboard.press(key);
  return (await Promise.race([page.evaluate('window.strataEcho'), timeout(30_000, `the terminal drew no echo of ${key}`)])) as number;
}

/** Rejects after `ms` with `what` and how long was waited. */
function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms).unref());
}

/** Boots its kernel through VmService (overlay, sockets, QMP, console session) to the first prompt. */
async function strataBoot(service: VmService, id: string): Promise<number> {
  const started = performance.now();
  await service.create({ id, memoryMiB: 256, cpus: 1, noVirtExtensions: false, waitReady: false, coldBoot: true });
  await service.machine(id).console.waitFor(PROMPT, 120_000);
  const ms = performance.now() - started;
  await service.kill(id);
  return ms;
}

/**
 * The shell asks each prompt's terminal where its cursor is (`ESC[6n`) and the console holds
 * the keys typed next until a terminal answers (serialConsole.ts), so a client that stands
 * for a terminal answers as xterm.js does.
 */
const CURSOR_QUERY = '\x1b[6n';
const CURSOR_REPORT = new TextEncoder().encode('\x1b[1;1R');
function asksCursor(data: Uint8Array): boolean {
  return Buffer.from(data).includes(CURSOR_QUERY);
}

class CountingSink implements StreamSink<Uint8Array> {
  bytes = 0;
  closed = false;
  onChunk: (data: Uint8Array) => void = () => {};
  constructor(private readonly answer: (report: Uint8Array) => void) {}
  write(data: Uint8Array): boolean {
    this.bytes += data.byteLength;
    if (asksCursor(data)) this.answer(CURSOR_REPORT);
    this.onChunk(data);
    return true;
  }
  onDrain(): void {}
  end(): void {
    this.closed = true;
  }
}

export async function run(): Promise<void> {
  const image = await new GuestImage(home, recipeDir).ensure();
  const service = new VmService({ home, recipeDir });
  try {
    // The baseline runs the app's own command line: one Strata VM says what it is. It boots
    // cold: a VM that may start from a template would be the one to make it, and removing
    // it before its shell would make none ("no template for this guest").
    await service.create({ id: 'probe', memoryMiB: 256, cpus: 1, noVirtExtensions: false, waitReady: false, coldBoot: true });
    const appArgs = await appQemuArgs(service, 'probe');
    await service.kill('probe');
    const bareMs: number[] = [];
    const strata: number[] = [];
    for (let i = 0; i < bootRuns; i++) {
      bareMs.push(await bareBoot(appArgs, image.base));
      strata.push(await strataBoot(service, `boot${i}`));
    }
    const ratio = median(strata) / median(bareMs);
    console.log(
      `cold boot to prompt (TCG, 256 MiB, median of ${bootRuns}): bare qemu ${median(bareMs).toFixed(0)} ms, Strata ${median(strata).toFixed(0)} ms, ratio ${ratio.toFixed(2)} (goal < 1.15)`,
    );

    // Every path's VM boots cold, as the bare one does, and makes no template meanwhile.
    await service.create({ id: 'term', memoryMiB: 256, cpus: 1, noVirtExtensions: false, waitReady: true, coldBoot: true });
    const vm = service.machine('term');
    const sink = new CountingSink((report) => vm.input(report));
    service.subscribeConsole('term', sink);
    await vm.exec('true');

    const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build-if-stale.mjs')], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the renderer did not build');
    const app = await startWebApp({ home });
    let echoThroughWire = '';
    let echoThroughXterm = '';
    const bare = await bareConsole(appArgs, image.base);
    const bareSerial = await bareConsole(onSerialLine(appArgs), image.base);
    try {
      const client = await wireClient(app.url);
      await client.call('vm.create', { id: 'wsterm', memoryMiB: 256, cpus: 1, waitReady: true, coldBoot: true });
      const wire = client.console('wsterm');
      const bareRates: number[] = [];
      const serialRates: number[] = [];
      const streamRates: number[] = [];
      const wireRates: number[] = [];
      let run = 0;
      for (let i = 0; i < FLOOD_RUNS; i++) {
        bareRates.push(await bare.flood(run++));
        serialRates.push(await bareSerial.flood(run++));

        const stream = floodCommand(run++);
        const before = sink.bytes;
        const t0 = performance.now();
        // Not exec(): its output would be kept as text; here only the bytes are counted.
        const from = vm.console.position;
        vm.input(new TextEncoder().encode(stream.command));
        await vm.console.waitFor(stream.marker, 300_000, from);
        streamRates.push((sink.bytes - before) / ((performance.now() - t0) / 1000));

        const viaWire = floodCommand(run++);
        const wireBefore = wire.bytes();
        const done = whenChunk(wire.onChunk, () => viaWire.marker.test(wire.text()));
        const w0 = performance.now();
        await client.call('vm.input', { id: 'wsterm', data: { base64: Buffer.from(viaWire.command).toString('base64') } });
        await done;
        wireRates.push((wire.bytes() - wireBefore) / ((performance.now() - w0) / 1000));
      }
      const wireEcho: number[] = [];
      for (let i = 0; i < 20; i++) {
        const ch = String.fromCharCode(97 + (i % 26));
        await typistPause();
        const sent = performance.now();
        const echoed = new Promise<void>((resolve) => wire.onChunk((data) => new TextDecoder().decode(data).includes(ch) && resolve()));
        await client.call('vm.input', { id: 'wsterm', data: { base64: Buffer.from(ch).toString('base64') } });
        await echoed;
        wireEcho.push(performance.now() - sent);
      }
      await client.call('vm.input', { id: 'wsterm', data: { base64: Buffer.from('\x03').toString('base64') } });
      echoThroughWire = `through the WebSocket (20 keys, vm.input to the chunk): median ${median(wireEcho).toFixed(1)} ms, p95 ${pct(wireEcho, 0.95).toFixed(1)} ms`;
      // xterm.js last: once the Machines view is shown, its terminal takes the VM's console too.
      client.close();
      const { page } = app;
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Machines', exact: true }).click();
      await page.locator('.terminal-pane:not([hidden]) .xterm-rows').filter({ hasText: PROMPT }).waitFor({ timeout: 60_000 });
      const xtermRates: number[] = [];
      for (let i = 0; i < FLOOD_RUNS; i++) {
        bareRates.push(await bare.flood(run++));
        serialRates.push(await bareSerial.flood(run++));
        xtermRates.push(FLOOD_BYTES / ((await xtermFlood(page, run++)) / 1000));
      }
      const lineMs = { bare: [] as number[], serial: [] as number[], xterm: [] as number[] };
      for (let i = 0; i < FLOOD_RUNS; i++) {
        lineMs.bare.push(await bare.lines(run++));
        lineMs.serial.push(await bareSerial.lines(run++));
        lineMs.xterm.push(await xtermFlood(page, run++, LINE_OUTPUT));
      }
      const xtermEchoes: number[] = [];
      for (let i = 0; i < 20; i++) {
        await typistPause();
        xtermEchoes.push(await xtermEcho(page, String.fromCharCode(97 + (i % 26))));
      }
      await page.keyboard.press('Control+C');
      echoThroughXterm = `through xterm.js in Chromium (20 keys, keydown to the drawn echo): median ${median(xtermEchoes).toFixed(1)} ms, p95 ${pct(xtermEchoes, 0.95).toFixed(1)} ms`;
      const bareRate = median(bareRates);
      const serialRate = median(serialRates);
      // Issue 14's goal, either way: as fast as a bare QEMU with the same channel, or faster than the serial line was.
      const verdict = (toBare: number, toSerial: number): string => (toBare >= 0.95 || toSerial >= 0.95 ? 'met' : 'NOT met');
      const line = (what: string, rates: number[]): string => {
        const toBare = median(rates) / bareRate;
        const toSerial = median(rates) / serialRate;
        return `${what} ${(median(rates) / 1e3).toFixed(1)} kB/s: ratio ${toBare.toFixed(2)} to the bare virtio console, ${toSerial.toFixed(2)} to the bare serial line, the ceiling before (goal: either >= 0.95; ${verdict(toBare, toSerial)})`;
      };
      console.log(
        `terminal throughput (${FLOOD_BYTES} bytes of guest output, median of ${FLOOD_RUNS} runs per path, alternated with the bare QEMUs' ${bareRates.length} each): bare QEMU's virtio console ${(bareRate / 1e3).toFixed(1)} kB/s, bare QEMU's serial line (ttyS0, TCG's emulated UART) ${(serialRate / 1e3).toFixed(1)} kB/s`,
      );
      console.log(`  ${line("through the backend's console stream", streamRates)}`);
      console.log(`  ${line("through the web server's WebSocket (acknowledged)", wireRates)}`);
      console.log(`  ${line('through xterm.js in Chromium, to the drawn marker', xtermRates)}`);
      const linesPerS = (ms: number[]): number => LINES / (median(ms) / 1000);
      const linesToBare = linesPerS(lineMs.xterm) / linesPerS(lineMs.bare);
      const linesToSerial = linesPerS(lineMs.xterm) / linesPerS(lineMs.serial);
      console.log(
        `terminal, a line at a time (\`${LINE_OUTPUT}\`, a write per line, median of ${FLOOD_RUNS} runs per path, alternated): bare serial line ${linesPerS(lineMs.serial).toFixed(0)} lines/s, bare virtio console ${linesPerS(lineMs.bare).toFixed(0)} lines/s; through xterm.js in Chromium ${linesPerS(lineMs.xterm).toFixed(0)} lines/s: ratio ${linesToBare.toFixed(2)} to the bare virtio console, ${linesToSerial.toFixed(2)} to the bare serial line (goal: either >= 0.95; ${verdict(linesToBare, linesToSerial)})`,
      );
    } finally {
      await bare.close();
      await bareSerial.close();
      await app.close();
    }

    const latencies: number[] = [];
    for (let i = 0; i < 40; i++) {
      const ch = String.fromCharCode(97 + (i % 26));
      await typistPause();
      const echoed = new Promise<number>((resolve) => {
        const sent = performance.now();
        sink.onChunk = (data) => {
          if (new TextDecoder().decode(data).includes(ch)) resolve(performance.now() - sent);
        };
        vm.input(new TextEncoder().encode(ch));
      });
      latencies.push(await echoed);
    }
    sink.onChunk = () => {};
    vm.input(new Uint8Array([3]));
    console.log(
      `echo latency (keystroke to its echo): through the console stream (40 keys) median ${median(latencies).toFixed(1)} ms, p95 ${pct(latencies, 0.95).toFixed(1)} ms; ${echoThroughWire}; ${echoThroughXterm}`,
    );
    await service.kill('term');

    const m = await liveMigration(service, () => {});
    console.log(
      `live migration (256 MiB, counting guest): total ${m.totalMs} ms, downtime ${m.downtimeMs} ms, RAM moved ${(m.ramBytes / 2 ** 20).toFixed(1)} MiB, counter went on: ${m.continuity}`,
    );
  } finally {
    await service.dispose();
  }
}
