import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeClusterPid } from '../../../src/core/ssi/clusterPid';
import { qemuProcessesOf, repoRoot, skipWithoutQemu, testHome } from '../qemu/qemuTestKit';

/** The JSON example of `strata demo process-migration` in docs/cli.md: the contract this test holds the command to. */
function documentedJson(): Record<string, unknown> {
  const doc = readFileSync(path.join(repoRoot, 'docs/cli.md'), 'utf8');
  const section = doc.slice(doc.indexOf('`strata demo process-migration [--json]` boots'));
  const block = /```json\n([\s\S]*?)\n```/.exec(section);
  if (!block) throw new Error('docs/cli.md has no JSON example for strata demo process-migration');
  return JSON.parse(block[1] as string) as Record<string, unknown>;
}

/** Runs the real CLI as a student would, on the QEMU tests' home (its guest image and CRIU pack built once). */
function demo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/strata.mjs'), 'demo', 'process-migration', '--json'], {
    cwd: repoRoot,
    env: { ...process.env, STRATA_HOME: testHome },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe.skipIf(skipWithoutQemu)('strata demo process-migration --json', () => {
  it(
    'moves a counter between two real guests with CRIU and prints the JSON of docs/cli.md: progress before and after, image size, freeze and total time',
    { timeout: 1_800_000 },
    async () => {
      const before = new Set(qemuProcessesOf(testHome));
      const { code, stdout, stderr } = await demo();
      expect(code, stderr).toBe(0);
      // Progress goes to stderr, so stdout is the JSON alone, on one line.
      expect(stderr).toContain('Booting two 256 MiB guests with CRIU');
      expect(stdout).toMatch(/^\{[^\n]*\}\n$/);
      const report = JSON.parse(stdout) as Record<string, unknown>;

      // Exactly the documented fields, in the documented order, each of the documented type.
      const documented = documentedJson();
      expect(Object.keys(report)).toEqual(Object.keys(documented));
      for (const [key, value] of Object.entries(documented)) expect(typeof report[key], key).toBe(typeof value);

      const r = report as {
        from: string;
        to: string;
        pid: number;
        before: number;
        after: number;
        continuity: boolean;
        imageBytes: number;
        freezeMs: number;
        totalMs: number;
      };
      expect(r.from).toMatch(/^vm\d+$/);
      expect(r.to).toMatch(/^vm\d+$/);
      expect(r.to).not.toBe(r.from);
      // Kerrighed's layout: the node that created it, then a local PID; never recomputed on arrival.
      expect(decodeClusterPid(r.pid)).toMatchObject({ node: expect.any(Number), localPid: expect.any(Number) });
      expect(r.continuity).toBe(true);
      expect(Number.isInteger(r.before) && r.before >= 0).toBe(true);
      expect(r.after).toBeGreaterThan(r.before);
      expect(Number.isInteger(r.imageBytes) && r.imageBytes > 0).toBe(true);
      expect(r.freezeMs).toBeGreaterThan(0);
      expect(r.totalMs).toBeGreaterThanOrEqual(r.freezeMs);
      // freezeMs is the time the process stood still, from the dump's start to the restore,
      // and none of the time it ran before the dump. The counter is the witness: it adds one
      // a second while it runs, so from reading `before` to the checkpoint it ran at least
      // (checkpointed - before - 1) s, and totalMs, which began before `before` was read,
      // holds that and the freeze. A freeze counting waits or the listing before CRIU
      // starts (the counter counting meanwhile) breaks this, whatever the host's speed.
      const checkpointed = Number(/counts on from (\d+), its value when CRIU froze it (\d+) ms before/.exec(stderr)?.[1]);
      expect(checkpointed, stderr).toBeGreaterThanOrEqual(r.before);
      expect(r.after).toBeGreaterThan(checkpointed);
      expect(r.freezeMs + Math.max(0, checkpointed - r.before - 1) * 1000).toBeLessThanOrEqual(r.totalMs);

      // The command stopped both guests before it exited.
      expect(qemuProcessesOf(testHome).filter((pid) => !before.has(pid))).toEqual([]);
    },
  );
});
