import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/cliCommand';
import { main } from '../../../src/cli/main';
import { SimResultSchema } from '../../../src/core/sim';

function capture(): CliIO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), interrupted: new Promise(() => {}), stdout: () => out, stderr: () => err };
}

const stackText = `name: Containers on top of an SSI
network: { lanMbps: 1000, lanLatencyMs: 0.1 }
layers:
  - { id: N1, kind: node, cpus: 2, memoryMiB: 2048 }
  - { id: N2, kind: node, cpus: 2, memoryMiB: 2048 }
  - { id: os1, kind: os, product: linux, on: N1 }
  - { id: os2, kind: os, product: linux, on: N2 }
  - { id: ssi, kind: ssi, product: kerrighed, on: [os1, os2] }
  - { id: c1, kind: container, product: lxc, on: ssi }
  - { id: app1, kind: app, workload: mrbayes, processes: 4, cpuSeconds: 60, on: c1 }
  - { id: web, kind: app, workload: apache, on: c1 }
scenario:
  - { at: 30, do: fail, target: N2 }
`;

const presets = fileURLToPath(new URL('../../../assets/presets/', import.meta.url));

describe('strata simulate', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'strata-sim-'));
    file = path.join(dir, 'ssi.stack.yaml');
    await writeFile(file, stackText);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints the JSON of docs/cli.md, byte-identical for the same file, seed and duration', async () => {
    const a = capture();
    expect(await main(['simulate', file, '--json', '--seed', '3', '--duration', '100', '--series', '10'], a)).toBe(0);
    const b = capture();
    await main(['simulate', file, '--json', '--seed', '3', '--duration', '100', '--series', '10'], b);
    expect(a.stdout()).toBe(b.stdout());
    const r = SimResultSchema.parse(JSON.parse(a.stdout()));
    expect(Object.keys(r)).toEqual(['apps', 'nodes', 'migrations', 'events', 'series']);
    expect(r.apps.app1?.killedAtS).toBe(30);
    expect(r.series?.t.at(-1)).toBe(100);
    expect(r.events.find((e) => e.type === 'node-fail')).toMatchObject({ t: 30, target: 'N2' });
  });

  it('prints a readable event log and figures without --json', async () => {
    const io = capture();
    expect(await main(['simulate', file], io)).toBe(0);
    expect(io.stdout()).toMatch(/^\s+30\.000 s {2}node-fail {7}N2 failed/m);
    expect(io.stdout()).toContain('app1: killed at 30 s');
  });

  it('refuses a stack with errors (exit 1) and a bad option (exit 2)', async () => {
    const bad = path.join(dir, 'bad.stack.yaml');
    await writeFile(bad, 'name: b\nlayers:\n  - { id: N1, kind: node }\n  - { id: c1, kind: container, on: N1 }\n');
    const io = capture();
    expect(await main(['simulate', bad, '--json'], io)).toBe(1);
    expect(io.stderr()).toContain('error');
    expect(await main(['simulate', file, '--seed', 'x'], capture())).toBe(2);
    expect(await main(['simulate', path.join(dir, 'missing.yaml')], capture())).toBe(2);
  });

  it('--figures host reads the calibration: byte-identical for the same figures, a clear error without one', async () => {
    const qemuStack = path.join(dir, 'qemu.stack.yaml');
    await writeFile(
      qemuStack,
      'name: q\nlayers:\n  - { id: N1, kind: node, cpus: 1 }\n  - { id: os1, kind: os, on: N1 }\n  - { id: q, kind: hypervisor, product: qemu, on: os1 }\n  - { id: v, kind: vm, on: q }\n  - { id: g, kind: os, on: v }\n  - { id: a, kind: app, workload: custom, cpuSeconds: 10, on: g }\n',
    );
    const home = path.join(dir, 'home');
    const saved = process.env.STRATA_HOME;
    process.env.STRATA_HOME = home;
    try {
      const none = capture();
      expect(await main(['simulate', qemuStack, '--json', '--figures', 'host'], none)).toBe(2);
      expect(none.stderr()).toContain(`no ${path.join(home, 'calibration.json')}`);
      expect(none.stderr()).toContain('run `strata calibrate` first');
      await mkdir(home, { recursive: true });
      await writeFile(
        path.join(home, 'calibration.json'),
        JSON.stringify({ measuredAt: '2026-12-01T10:00:00Z', accelerators: { tcg: { emulationFactor: 25 } }, dirtyRateMiBps: 50, migrationMiBps: 700 }),
      );
      const runs = await Promise.all(
        [['--figures', 'host'], ['--figures', 'host'], ['--figures', 'literature'], []].map(async (extra) => {
          const io = capture();
          expect(await main(['simulate', qemuStack, '--json', '--seed', '2', ...extra], io)).toBe(0);
          return io.stdout();
        }),
      );
      expect(runs[1]).toBe(runs[0]);
      expect(runs[3]).toBe(runs[2]);
      expect(SimResultSchema.parse(JSON.parse(runs[0] ?? '')).apps.a?.makespanS).toBe(250);
      expect(SimResultSchema.parse(JSON.parse(runs[2] ?? '')).apps.a?.makespanS).toBe(100);
      await writeFile(path.join(home, 'calibration.json'), '{"accelerators": {}}');
      const broken = capture();
      expect(await main(['simulate', qemuStack, '--figures', 'host'], broken)).toBe(2);
      expect(broken.stderr()).toMatch(/calibration\.json is not a calibration \(dirtyRateMiBps: .*run `strata calibrate` again/);
      expect(await main(['simulate', qemuStack, '--figures', 'mine'], capture())).toBe(2);
    } finally {
      if (saved === undefined) delete process.env.STRATA_HOME;
      else process.env.STRATA_HOME = saved;
    }
  });

  // Each run starts a worker thread, as the command does: under load that takes seconds.
  it('runs every valid preset to completion', { timeout: 120_000 }, async () => {
    const files = (await readdir(presets)).filter((f) => f.endsWith('.stack.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const io = capture();
      const code = await main(['simulate', path.join(presets, f), '--json'], io);
      if (code === 1) continue; // The presets that show a rule violation (VMware on VMware, SSI on containers).
      expect(code, f).toBe(0);
      const r = SimResultSchema.parse(JSON.parse(io.stdout()));
      for (const [id, a] of Object.entries(r.apps))
        expect(a.makespanS !== undefined || a.throughputRps !== undefined || a.killedAtS !== undefined, `${f} ${id}`).toBe(true);
    }
  });
});
