import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

/** Issue 12's 589-byte stack: 100,000 processes on a 3-node Kerrighed (seconds of work before the limit stops it). */
const crowded = `name: a hundred thousand processes on a three-node Kerrighed
layers:
  - { id: n1, kind: node, cpus: 4, memoryMiB: 8192 }
  - { id: n2, kind: node, cpus: 4, memoryMiB: 8192 }
  - { id: n3, kind: node, cpus: 4, memoryMiB: 8192 }
  - { id: k1, kind: os, product: linux, on: n1 }
  - { id: k2, kind: os, product: linux, on: n2 }
  - { id: k3, kind: os, product: linux, on: n3 }
  - { id: ssi, kind: ssi, product: kerrighed, on: [k1, k2, k3] }
  - { id: job, kind: app, workload: custom, processes: 100000, cpuSeconds: 100, on: ssi }
`;

/** A 6 MB stack file: one layer with 300,000 keys, seconds of parsing. */
function wideStack(keys: number): string {
  const fields = Array.from({ length: keys }, (_, i) => `    k${i}: ${i}`).join('\n');
  return `name: wide\nlayers:\n  - id: N1\n    kind: node\n${fields}\n`;
}

const started = new Set<ChildProcess>();

/** Starts `strata COMMAND FILE`, sends `signal` once it says it is still working, and resolves with how it ended. */
function interrupt(
  command: 'check' | 'simulate',
  file: string,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/strata.mjs'), command, file], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  started.add(child);
  child.once('exit', () => started.delete(child));
  let stderr = '';
  let sent = false;
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!sent && stderr.includes('Ctrl-C stops')) {
      sent = true;
      child.kill(signal);
    }
  });
  return new Promise((resolve) => child.once('exit', (code, sig) => resolve({ code, signal: sig, stderr })));
}

describe('strata check and simulate stop on a signal', () => {
  let dir: string;
  let crowdedFile: string;
  let wideFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'strata-signals-'));
    crowdedFile = path.join(dir, 'crowded.stack.yaml');
    wideFile = path.join(dir, 'wide.stack.yaml');
    await writeFile(crowdedFile, crowded);
    await writeFile(wideFile, wideStack(300_000));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  // A run that ignored its signal must not outlive the test.
  afterEach(() => {
    for (const child of started) child.kill('SIGKILL');
  });

  it.each([
    ['simulate', 'SIGINT', 130],
    ['simulate', 'SIGTERM', 143],
    ['check', 'SIGINT', 130],
    ['check', 'SIGTERM', 143],
  ] as const)('strata %s exits on %s with status %i and says so, in the middle of the work', async (command, signal, status) => {
    const ended = await interrupt(command, command === 'simulate' ? crowdedFile : wideFile, signal);
    // Left alone, the run would end with the work limit's message (simulate, status 1) or a
    // finding per key (check, status 0): the status says the signal ended it.
    expect(ended).toEqual({ code: status, signal: null, stderr: expect.stringContaining(`strata ${command}: stopped by ${signal}`) });
    expect(ended.stderr).not.toContain('work limit');
  });
});
