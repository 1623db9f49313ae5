/**
 * Real QEMU figures (issue 6): boot to the shell prompt through Strata against a bare
 * qemu command line booting the same image (goal: under 1.15 times), terminal
 * throughput and echo latency through the console stream, and live migration. Runs are
 * alternated (bare, Strata, bare, ...) so a busy neighbour on the 2 cores weighs on both.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { StreamSink } from '../../src/api/handlers';
import { GuestImage, type GuestImageFiles } from '../../src/backend/qemu/guestImage';
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

/** A qemu-system-x86_64 with its serial line on stdio, in its own process group. */
function spawnBare(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn('qemu-system-x86_64', args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  bareGroups.add(child.pid!);
  child.stderr.resume();
  return child;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** Boots the image with a plain qemu command line and times the first shell prompt. */
async function bareBoot(image: GuestImageFiles): Promise<number> {
  const started = performance.now();
  // The same machine as Strata's: a qcow2 drive and a virtio NIC on a multicast LAN.
  const child = spawnBare(
    ['-accel', 'tcg', '-cpu', 'qemu64', '-m', '256', '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot',
      '-kernel', image.kernel, '-initrd', image.initrd, '-append', 'console=ttyS0 quiet panic=1 strata.hostname=bare strata.ip=10.99.9.9/24',
      '-drive', `file=${image.base},format=qcow2,id=disk0,if=none,readonly=on`,
      '-netdev', 'socket,id=n0,mcast=230.0.0.1:47999,localaddr=127.0.0.1', '-device', 'virtio-net-pci,netdev=n0',
      '-serial', 'stdio'],
  );
  try {
    return await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('bare qemu did not reach a prompt in 120 s')), 120_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (PROMPT.test(out)) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
    });
  } finally {
    killGroup(child.pid!);
  }
}

/** The same output printed by a bare qemu to its stdio: the emulated UART's own speed. */
async function bareThroughput(kernel: string, initrd: string, size: number): Promise<number> {
  const child = spawnBare(
    ['-accel', 'tcg', '-cpu', 'qemu64', '-m', '256', '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot',
      '-kernel', kernel, '-initrd', initrd, '-append', 'console=ttyS0 quiet panic=1', '-serial', 'stdio'],
  );
  try {
    let out = '';
    let waiting: { pattern: RegExp; resolve: () => void } | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out = (out + d.toString()).slice(-4096);
      if (waiting?.pattern.test(out)) waiting.resolve();
    });
    const wait = (pattern: RegExp): Promise<void> => new Promise((resolve) => (waiting = { pattern, resolve }));
    await wait(PROMPT);
    const t0 = performance.now();
    child.stdin.write(`head -c ${size} /dev/zero | tr '\\0' 'x'; echo "@@DONE""$((1+1))"\n`);
    await wait(/@@DONE2/);
    return size / ((performance.now() - t0) / 1000);
  } finally {
    killGroup(child.pid!);
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
    const bareMs: number[] = [];
    const strata: number[] = [];
    for (let i = 0; i < bootRuns; i++) {
      bareMs.push(await bareBoot(image));
      strata.push(await strataBoot(service, `boot${i}`));
    }
    const ratio = median(strata) / median(bareMs);
    console.log(`boot to prompt (TCG, 256 MiB, median of ${bootRuns}): bare qemu ${median(bareMs).toFixed(0)} ms, Strata ${median(strata).toFixed(0)} ms, ratio ${ratio.toFixed(2)} (goal < 1.15)`);

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
    const bare = await bareThroughput(image.kernel, image.initrd, size);
    console.log(`terminal throughput: ${((sink.bytes - before) / seconds / 1e3).toFixed(1)} kB/s through the console stream, ${(bare / 1e3).toFixed(1)} kB/s from a bare qemu's stdio (${size} bytes of guest output; TCG's emulated UART is the limit)`);

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
    console.log(`live migration (256 MiB, counting guest): total ${m.totalMs} ms, downtime ${m.downtimeMs} ms, RAM moved ${(m.ramBytes / 2 ** 20).toFixed(1)} MiB, counter went on: ${m.continuity}`);
  } finally {
    await service.dispose();
  }
}
