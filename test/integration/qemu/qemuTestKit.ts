import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { StreamSink } from '../../../src/api/handlers';
import { VmService, type VmServiceOptions } from '../../../src/backend/qemu/vmService';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const recipeDir = path.join(repoRoot, 'assets', 'guest');
/**
 * One STRATA_HOME for every QEMU test file, so the guest image is built once; each
 * VmService still gets its own private runtime folder and process groups.
 */
export const testHome = path.join(os.tmpdir(), 'strata-qemu-test-home');
/** Generous: TCG guests on 2 cores shared with other test runs. */
export const BOOT_TIMEOUT_MS = 90_000;

function hasQemu(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v qemu-system-x86_64 && command -v qemu-img']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether to skip the file: only when QEMU is absent and REQUIRE_QEMU is unset. With
 * REQUIRE_QEMU=1 the tests run and fail loudly when QEMU is missing.
 */
export const skipWithoutQemu = !hasQemu() && !process.env.REQUIRE_QEMU;

/**
 * A service on the shared test home. VMs boot their kernel unless `templates` is set:
 * tests of other features follow boot markers on the console, which a VM started from
 * the template does not print (templates.test.ts covers those).
 */
export function newService(options: Partial<VmServiceOptions> = {}): VmService {
  return new VmService({ home: testHome, recipeDir, bootTimeoutMs: BOOT_TIMEOUT_MS, templates: false, ...options });
}

/** PIDs of qemu-system processes started for this service's runtime folder (not their supervisors, which name them). */
export function qemuProcessesOf(runtimeDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.split('\0')[0]!.includes('qemu-system') && cmdline.includes(runtimeDir)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Disposes the service and proves no QEMU of it is left, nor its runtime folder. */
export async function disposeAndCheck(service: VmService): Promise<void> {
  const dir = await service.runtime();
  await service.dispose();
  expect(qemuProcessesOf(dir)).toEqual([]);
  expect(() => readdirSync(dir)).toThrow();
}

/** A sink collecting what a terminal would receive, acknowledging as it goes. */
export class CollectingSink implements StreamSink<Uint8Array> {
  chunks: Uint8Array[] = [];
  closed = false;
  write(data: Uint8Array): boolean {
    this.chunks.push(data);
    return true;
  }
  onDrain(): void {}
  end(): void {
    this.closed = true;
  }
  get text(): string {
    return this.chunks.map((c) => new TextDecoder().decode(c)).join('');
  }
}

export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** QEMU processes this test process started, from the pid files under the test home. */
export function ownQemuRecords(): Array<{ pid: number; runtimeDir: string; cmdline: string }> {
  const dir = path.join(testHome, 'run', 'qemu');
  const records = [];
  for (const name of readdirSync(dir)) {
    try {
      const r = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as { pid: number; owner: number; runtimeDir: string };
      if (r.owner !== process.pid) continue;
      records.push({ pid: r.pid, runtimeDir: r.runtimeDir, cmdline: readFileSync(`/proc/${r.pid}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // Gone meanwhile.
    }
  }
  return records;
}
