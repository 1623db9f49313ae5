import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/cliCommand';
import { main } from '../../../src/cli/main';

function capture(): CliIO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), interrupted: new Promise(() => {}), stdout: () => out, stderr: () => err };
}

const presets = fileURLToPath(new URL('../../../assets/presets/', import.meta.url));
const broken = 'name: broken\nlayers:\n  - { id: N1, kind: node, cpu: 2 }\n  - { id: c1, kind: container, on: N1 }\n';

describe('strata check', () => {
  let dir: string;
  let brokenFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'strata-check-'));
    brokenFile = path.join(dir, 'broken.stack.yaml');
    await writeFile(brokenFile, broken);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints FILE:LINE:COL: severity RULE-ID layer: message and a summary, and exits 1 on an error', async () => {
    const io = capture();
    expect(await main(['check', brokenFile], io)).toBe(1);
    expect(io.stdout().trim().split('\n')).toEqual([
      `${brokenFile}:3:27: warning unknown-key N1: unknown key "cpu" is ignored; the nearest known key is "cpus"`,
      `${brokenFile}:4:36: error container-needs-kernel c1: container c1 (lxc) stands on node N1, which is no kernel: a container needs an os, an ssi or a container under it`,
      `${brokenFile}: invalid (1 error, 1 warning, 0 notes)`,
    ]);
  });

  it('uses "-" as the layer of a file-level finding', async () => {
    const file = path.join(dir, 'syntax.stack.yaml');
    await writeFile(file, 'name: x\nlayers: [\n');
    const io = capture();
    expect(await main(['check', file], io)).toBe(1);
    expect(io.stdout()).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: error yaml-syntax -: `));
  });

  it('exits 0 for a valid preset and prints its notes', async () => {
    const io = capture();
    const file = path.join(presets, 'qemu-inside-vmware.stack.yaml');
    expect(await main(['check', file], io)).toBe(0);
    expect(io.stdout()).toContain(`: note emulation-in-vm qemu: `);
    expect(io.stdout().trim().split('\n').at(-1)).toBe(`${file}: valid (0 errors, 0 warnings, 1 note)`);
  });

  it('prints the contract JSON with --json', async () => {
    const io = capture();
    expect(await main(['check', brokenFile, '--json'], io)).toBe(1);
    const json = JSON.parse(io.stdout()) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['valid', 'findings', 'classes', 'views']);
    expect(json.valid).toBe(false);
    expect(json.findings).toEqual([
      { severity: 'warning', rule: 'unknown-key', layer: 'N1', line: 3, column: 27, message: 'unknown key "cpu" is ignored; the nearest known key is "cpus"' },
      expect.objectContaining({ severity: 'error', rule: 'container-needs-kernel', layer: 'c1', line: 4, column: 36 }),
    ]);
    expect(json.classes).toEqual({ N1: 'hardware', c1: 'os-virtualization' });
  });

  it('gives each app its view in --json', async () => {
    const io = capture();
    expect(await main(['check', '--json', path.join(presets, 'ssi-virtual-smp.stack.yaml')], io)).toBe(0);
    const json = JSON.parse(io.stdout()) as { views: Record<string, unknown> };
    expect(json.views).toEqual({
      phylo: { cpus: 8, memoryMiB: 8192, arch: 'x86_64', kernel: 'SMP0', sharesKernelWith: [], failureDomains: ['N1', 'N2', 'N3', 'N4'] },
    });
  });

  it('explains each finding with --explain', async () => {
    const io = capture();
    await main(['check', '--explain', path.join(presets, 'ssi-on-containers.stack.yaml')], io);
    expect(io.stdout()).toContain('error ssi-needs-own-kernel SSI: ');
    expect(io.stdout()).toContain('Architecture irrelevant');
  });

  it('exits 2 for a file that cannot be read, saying why on stderr', async () => {
    const io = capture();
    expect(await main(['check', path.join(dir, 'missing.stack.yaml')], io)).toBe(2);
    expect(io.stdout()).toBe('');
    expect(io.stderr()).toMatch(/cannot read .*missing\.stack\.yaml: ENOENT/);
  });

  it('exits 2 without a file or with an unknown option', async () => {
    expect(await main(['check'], capture())).toBe(2);
    expect(await main(['check', brokenFile, '--jsn'], capture())).toBe(2);
  });
});
