import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReal } from '../../../src/cli/run';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), interrupted: new Promise<void>(() => undefined) } };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'strata-run-cli-'));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('strata run FILE --real', () => {
  it('says when nothing of the stack can be real, and offers the simulation (exit 1, no guest started)', async () => {
    const f = file(
      'xen.stack.yaml',
      `name: Xen only
layers:
  - { id: N1, kind: node }
  - { id: xen, kind: hypervisor, product: xen, on: N1 }
  - { id: dom0, kind: os, role: dom0, on: xen }
  - { id: app, kind: app, workload: custom, on: dom0 }
`,
    );
    const t = io();
    expect(await runReal([f, '--real', '--json'], t.io, dir)).toBe(1);
    expect(t.out).toEqual([]);
    expect(t.err.join('')).toMatch(/Nothing of this stack can run for real here/);
    expect(t.err.join('')).toContain(`strata simulate ${f}`);
  });

  it('refuses without --real, with bad options, a missing file or a stack with errors', async () => {
    const ok = file('ok.stack.yaml', 'name: x\nlayers:\n  - { id: N1, kind: node }\n');
    const bad = file('bad.stack.yaml', 'name: x\nlayers:\n  - { id: a, kind: app, workload: custom }\n');
    for (const [args, code, message] of [
      [[ok], 2, /give --real/],
      [[ok, '--real', '--budget', 'soon'], 2, /--budget needs a number/],
      [[path.join(dir, 'none.yaml'), '--real'], 2, /cannot read .*ENOENT/],
      [[bad, '--real'], 1, /has errors/],
    ] as const) {
      const t = io();
      expect(await runReal([...args], t.io, dir)).toBe(code);
      expect(t.err.join('')).toMatch(message);
    }
  });
});
