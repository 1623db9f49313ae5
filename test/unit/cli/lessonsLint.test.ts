import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/cliCommand';
import { runLessons } from '../../../src/cli/lessons';
import { main } from '../../../src/cli/main';

function capture(): CliIO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), interrupted: new Promise(() => {}), stdout: () => out, stderr: () => err };
}

const good =
  '---\ntitle: Good\nobjectives:\n  - { id: o, text: O }\n---\n# Good\n\n```exercise id=e objective=o\ngoal: g\nexpect:\n  - { check: valid }\n```\n';
const bad = '---\ntitle: Bad\n---\n\n```quiz id=q\nquestion: Q\nchoices: [a, b]\nanswer: 3\n```\n';

describe('strata lessons lint', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'strata-lint-'));
    await writeFile(path.join(dir, '01-good.md'), good);
    await writeFile(path.join(dir, '02-bad.md'), bad);
    await writeFile(path.join(dir, 'notes.txt'), 'not a lesson');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints FILE:LINE:COL: severity RULE-ID: message and exits 1 on an error', async () => {
    const io = capture();
    const code = await runLessons(['lint', path.join(dir, '02-bad.md')], io, dir);
    expect(code).toBe(1);
    const lines = io.stdout().trim().split('\n');
    expect(lines[0]).toMatch(/02-bad\.md:4:1: warning no-exercise: /);
    expect(lines[1]).toMatch(/02-bad\.md:8:9: error quiz-answer-out-of-range: answer 3 is not the index of a choice/);
    expect(lines.at(-1)).toBe('1 lesson checked: 1 error, 1 warning');
  });

  it('exits 0 for a clean lesson', async () => {
    const io = capture();
    expect(await runLessons(['lint', path.join(dir, '01-good.md')], io, dir)).toBe(0);
    expect(io.stdout()).toBe('1 lesson checked: 0 errors, 0 warnings\n');
  });

  it('checks every NN-slug.md of the course folder by default', async () => {
    const io = capture();
    await runLessons(['lint', '--json'], io, dir);
    const report = JSON.parse(io.stdout()) as { files: Array<{ file: string; title: string; cells: number }>; errors: number };
    expect(report.files.map((f) => path.basename(f.file))).toEqual(['01-good.md', '02-bad.md']);
    expect(report.files[0]).toMatchObject({ title: 'Good', cells: 2 });
    expect(report.errors).toBe(1);
  });

  it('checks links to the documentation pages against docs/', async () => {
    const file = path.join(dir, 'links.md');
    await writeFile(file, `${good}\nSee [the costs](../docs/simulator.md#the-cost-model) and [the LAN](../docs/qemu.md#the-wan).\n`);
    const io = capture();
    expect(await runLessons(['lint', file], io, dir)).toBe(1);
    expect(io.stdout()).toMatch(/links\.md:14:\d+: error unknown-doc-link: \.\.\/docs\/qemu\.md#the-wan: docs\/qemu\.md has no section "the-wan"/);
    expect(io.stdout()).not.toContain('simulator.md#the-cost-model:');
  });

  it('exits 2 for a file it cannot read, and for a wrong subcommand', async () => {
    const io = capture();
    expect(await runLessons(['lint', path.join(dir, 'missing.md')], io, dir)).toBe(2);
    expect(io.stdout()).toContain('error unreadable: cannot read the file: ENOENT');
    expect(await runLessons(['frobnicate'], capture(), dir)).toBe(2);
  });

  it('is reachable as `strata lessons lint` and lints the shipped course', async () => {
    const io = capture();
    const code = await main(['lessons', 'lint', '--json'], io);
    const report = JSON.parse(io.stdout()) as { files: Array<{ file: string }>; errors: number };
    expect(report.files.length).toBeGreaterThan(0);
    expect(report.files.every((f) => /^lessons\/\d+-[a-z0-9-]+\.md$/.test(f.file))).toBe(true);
    expect(code).toBe(report.errors > 0 ? 1 : 0);
  });
});
