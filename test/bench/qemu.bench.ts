/**
 * Real QEMU figures (issue 6): boot to the shell prompt through Strata against a bare
 * QEMU booting the same image with the app's own command line (goal: under 1.15 times),
 * terminal throughput through the console stream against the same bare QEMU's serial
 * socket (goal: at least 0.95 times, issue 14), echo latency, and live migration. Runs are
 * alternated (bare, Strata, bare, ...) so a busy neighbour on the 2 cores weighs on both.
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { StreamSink } from '../../src/api/handlers';
import { GuestImage } from '../../src/backend/qemu/guestImage';
import { VmService } from '../../src/backend/qemu/vmService';
import { liveMigration } from '../../src/cli/demo';

const recipeDir = fileURLToPath(new URL('../../assets/guest/', import.meta.url));
const home = path.join(os.tmpdir(), 'strata-qemu-bench-home');
const bootRuns = 3;
const PROMPT = /:\/root# /;

/** Bare QEMU groups still running: killed if the bench process exits midway. */
const bareGroups = new Set<number>();
process.once('exit', () => bareGroups.forEach((pgid) => killGroup(pgid)));

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
 * Starts a bare QEMU with exactly the app's command line, but its own overlay and socket
 * folder, and connects to its serial socket as nothing but a reader: no console session,
 * ring buffer or stream in between.
 */
async function bareQemu(appArgs: readonly string[], baseImage: string): Promise<{ serial: Socket; child: ChildProcessWithoutNullStreams; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'strata-bare-'));
  const overlay = path.join(dir, 'disk.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', baseImage, '-F', 'qcow2', overlay]);
  const serialArg = appArgs.find((a) => a.startsWith('socket,id=ser0,path='));
  const appSerial = serialArg && /path=([^,]+)\.ser/.exec(serialArg)?.[1];
  if (!appSerial) throw new Error(`no serial socket in the app's command line: ${appArgs.join(' ')}`);
  const base = path.join(dir, 'vm');
  const args = appArgs.map((a) =>
    a
      .split(appSerial)
      .join(base)
      .replace(/^file=[^,]+,format=qcow2/, `file=${overlay},format=qcow2`),
  );
  const child = spawnBare(args);
  const serial = await connectWhenListening(`${base}.ser`);
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

/** The same output printed by a bare QEMU of the app's command line, read straight off its serial socket. */
async function bareThroughput(appArgs: readonly string[], baseImage: string, size: number): Promise<number> {
  const { serial, child, dir } = await bareQemu(appArgs, baseImage);
  try {
    const reader = serialReader(serial);
    await reader.wait(PROMPT);
    const t0 = performance.now();
    const before = reader.bytes();
    serial.write(`head -c ${size} /dev/zero | tr '\\0' 'x'; echo "@@DONE""$((1+1))"\n`);
    await reader.wait(/@@DONE2/);
    return (reader.bytes() - before) / ((performance.now() - t0) / 1000);
  } finally {
    serial.destroy();
    killGroup(child.pid!);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Boots through VmService (overlay, sockets, QMP, console session) to the first prompt. */
async function strataBoot(service: VmService, id: string): Promise<number> {
  const started = performance.now();
  await service.create({ id, memoryMiB: 256, cpus: 1, noVirtExtensions: false, waitReady: false });
  await service.machine(id).console.waitFor(PROMPT, 120_000);
  const ms = performance.now() - started;
  await service.kill(id);
  return ms;
}

class CountingSink implements StreamSink<Uint8Array> {
  bytes = 0;
  closed = false;
  onChunk: (data: Uint8Array) => void = () => {};
  write(data: Uint8Array): boolean {
    this.bytes += data.byteLength;
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
    // The baseline runs the app's own command line: one Strata VM says what it is.
    await service.create({ id: 'probe', memoryMiB: 256, cpus: 1, noVirtExtensions: false, waitReady: false });
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
      `boot to prompt (TCG, 256 MiB, median of ${bootRuns}): bare qemu ${median(bareMs).toFixed(0)} ms, Strata ${median(strata).toFixed(0)} ms, ratio ${ratio.toFixed(2)} (goal < 1.15)`,
    );

    await service.create({ id: 'term', memoryMiB: 256, cpus: 1, noVirtExtensions: false, waitReady: true });
    const vm = service.machine('term');
    const sink = new CountingSink();
    service.subscribeConsole('term', sink);
    await vm.exec('true');

    const size = 300_000;
    const before = sink.bytes;
    const t0 = performance.now();
    // Not exec(): its output would be kept as text; here only the bytes are counted.
    const from = vm.console.position;
    vm.input(new TextEncoder().encode(`head -c ${size} /dev/zero | tr '\\0' 'x'; echo "@@DONE""$((1+1))"\n`));
    await vm.console.waitFor(/@@DONE2/, 300_000, from);
    const seconds = (performance.now() - t0) / 1000;
    const through = (sink.bytes - before) / seconds;
    const bare = await bareThroughput(appArgs, image.base, size);
    console.log(
      `terminal throughput: ${(through / 1e3).toFixed(1)} kB/s through the console stream, ${(bare / 1e3).toFixed(1)} kB/s read straight off a bare QEMU's serial socket (the app's command line; ${size} bytes of guest output; TCG's emulated UART is the limit): ratio ${(through / bare).toFixed(2)} (goal >= 0.95)`,
    );

    const latencies: number[] = [];
    for (let i = 0; i < 40; i++) {
      const ch = String.fromCharCode(97 + (i % 26));
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
    console.log(`echo latency (keystroke to its echo, 40 keys): median ${median(latencies).toFixed(1)} ms, p95 ${pct(latencies, 0.95).toFixed(1)} ms`);
    await service.kill('term');

    const m = await liveMigration(service, () => {});
    console.log(
      `live migration (256 MiB, counting guest): total ${m.totalMs} ms, downtime ${m.downtimeMs} ms, RAM moved ${(m.ramBytes / 2 ** 20).toFixed(1)} MiB, counter went on: ${m.continuity}`,
    );
  } finally {
    await service.dispose();
  }
}
