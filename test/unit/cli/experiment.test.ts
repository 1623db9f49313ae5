import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/cliCommand';
import { main } from '../../../src/cli/main';

function capture(): CliIO & { stdout: () => string } {
  let out = '';
  return { out: (t) => void (out += t), err: () => {}, interrupted: new Promise(() => {}), stdout: () => out };
}

describe('strata experiment', () => {
  it('writes the seminar matrix as CSV with the contract columns, and the figures order as the literature says', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'strata-exp-'));
    try {
      const csv = path.join(dir, 'matrix.csv');
      const io = capture();
      expect(await main(['experiment', '--out', csv], io)).toBe(0);
      const lines = (await readFile(csv, 'utf8')).trim().split('\n');
      expect(lines[0]).toBe('config,vm,app,makespanS,throughputRps,latencyP99Ms,slowdownVsBare');
      expect(lines).toHaveLength(16);
      const rows = lines.slice(1).map((l) => l.split(','));
      const get = (config: string, vm: string, app: string) => rows.find((r) => r[0] === config && r[1] === vm && r[2] === app) as string[];
      expect(get('kerrighed', '-', 'mrbayes')[6]).toBe('1');
      // Emulation costs an order of magnitude on CPU-bound MrBayes; binary translation a little.
      expect(Number(get('linux+vm+kerrighed', 'qemu', 'mrbayes')[6])).toBeGreaterThan(5);
      expect(Number(get('linux+vm+kerrighed', 'vmware', 'mrbayes')[6])).toBeLessThan(1.3);
      // Windows hosts pay more on the I/O-heavy make than Linux hosts.
      expect(Number(get('windows+vm+kerrighed', 'vmware', 'kernel-make')[3])).toBeGreaterThan(Number(get('linux+vm+kerrighed', 'vmware', 'kernel-make')[3]));
      expect(get('kerrighed', '-', 'apache')[4]).not.toBe('');
      // The readable table has a header and one line per run.
      expect(
        io
          .stdout()
          .split('\n')
          .filter((l) => /^(kerrighed|linux|windows)/.test(l)),
      ).toHaveLength(15);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints JSON rows with --json', async () => {
    const io = capture();
    expect(await main(['experiment', '--json'], io)).toBe(0);
    const rows = JSON.parse(io.stdout()) as Array<{ config: string; slowdownVsBare: number }>;
    expect(rows).toHaveLength(15);
    expect(rows.filter((r) => r.config === 'kerrighed').every((r) => r.slowdownVsBare === 1)).toBe(true);
  });
});
