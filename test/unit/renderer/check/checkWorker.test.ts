import { describe, expect, it, vi } from 'vitest';
import { readLesson } from '../../../../src/core/lesson';
import { CheckClient, type CheckWorkerLike } from '../../../../src/renderer/features/check/checkClient';

/** The worker module, loaded against a fake dedicated-worker scope that loops back to a client. */
async function loopback(): Promise<{ worker: CheckWorkerLike; posted: unknown[] }> {
  const toWorker: Array<(event: MessageEvent<unknown>) => void> = [];
  const toPage: Array<(event: MessageEvent<unknown>) => void> = [];
  const posted: unknown[] = [];
  vi.stubGlobal('self', {
    addEventListener: (_: 'message', listener: (event: MessageEvent<unknown>) => void) => toWorker.push(listener),
    postMessage: (message: unknown) => {
      posted.push(message);
      for (const l of toPage) l({ data: message } as MessageEvent<unknown>);
    },
  });
  vi.resetModules();
  await import('../../../../src/renderer/features/check/checkWorker');
  vi.unstubAllGlobals();
  return {
    posted,
    worker: {
      postMessage: (message) => queueMicrotask(() => toWorker.forEach((l) => l({ data: message } as MessageEvent<unknown>))),
      addEventListener: (_, listener) => toPage.push(listener),
    },
  };
}

describe('the live check worker', () => {
  it('parses and checks the text it is sent and answers the request by id', async () => {
    const { worker } = await loopback();
    const client = new CheckClient(worker);
    const [bad, good] = await Promise.all([
      client.check('name: x\nlayers:\n  - { id: c1, kind: container, on: N9 }\n'),
      client.check('name: x\nlayers:\n  - { id: N1, kind: node, cpus: 2 }\n'),
    ]);
    expect(bad.valid).toBe(false);
    expect(bad.findings.some((f) => f.severity === 'error' && f.line === 3)).toBe(true);
    expect(good).toMatchObject({ valid: true, classes: { N1: 'hardware' } });
  });

  it('gives the builder the stack, its check, where its layers are written and what a real run would make of each', async () => {
    const { worker } = await loopback();
    const text = [
      'name: x',
      'layers:',
      '  - { id: N1, kind: node }',
      '  - { id: os1, kind: os, product: linux, on: N1 }',
      '  - { id: kvm1, kind: hypervisor, product: kvm, on: os1 }',
      '  - { id: xen1, kind: hypervisor, product: xen, on: N1 }',
      '',
    ].join('\n');
    const analysis = await new CheckClient(worker).analyse(text);
    expect(analysis.stack?.layers.map((l) => l.id)).toEqual(['N1', 'os1', 'kvm1', 'xen1']);
    expect(analysis.check.classes).toMatchObject({ N1: 'hardware', os1: 'os-kernel' });
    expect(analysis.lines).toEqual({ starts: [3, 4, 5, 6], ownLines: true });
    expect(Object.keys(analysis.real).sort()).toEqual(['N1', 'kvm1', 'os1', 'xen1']);
    expect(analysis.real.kvm1).toEqual({ real: true, why: expect.stringMatching(/^Its VMs become QEMU processes on this host/) });
    expect(analysis.real.xen1).toEqual({ real: false, why: expect.stringMatching(/^Xen is a Type I hypervisor/) });
    const broken = await new CheckClient(worker).analyse('name: x\nlayers: [');
    expect(broken.stack).toBeNull();
    expect(broken.check.findings[0]).toMatchObject({ rule: 'yaml-syntax' });
    expect(broken.real).toEqual({});
  });

  it("gives a lesson's diagnostics with the stack rules' on its cells, which the page's own reading leaves out", async () => {
    const { worker } = await loopback();
    const lesson = ['---', 'title: T', '---', '# T', '', '```stack id=s1', 'name: x', 'layers:', '  - { id: c1, kind: container, on: N9 }', '```', ''].join(
      '\n',
    );
    const diagnostics = await new CheckClient(worker).lessonDiagnostics(lesson, 'lessons/t.md');
    expect(diagnostics).toContainEqual(expect.objectContaining({ rule: 'unknown-id', line: 9, file: 'lessons/t.md', cellId: 's1' }));
    expect(readLesson(lesson, 'lessons/t.md').diagnostics.filter((d) => d.rule === 'unknown-id')).toEqual([]);
  });

  it('ignores malformed requests, and the client ignores malformed replies', async () => {
    const { worker, posted } = await loopback();
    worker.postMessage({ id: 'one', text: 42 });
    await new Promise((r) => setTimeout(r, 0));
    expect(posted).toEqual([]);

    const listeners: Array<(event: MessageEvent<unknown>) => void> = [];
    const client = new CheckClient({ postMessage: () => {}, addEventListener: (_, l) => listeners.push(l) });
    let answered = false;
    void client.check('name: x\nlayers: []\n').then(() => (answered = true));
    for (const l of listeners) l({ data: { id: 1, check: { valid: 'yes' } } } as MessageEvent<unknown>);
    await new Promise((r) => setTimeout(r, 0));
    expect(answered).toBe(false);
  });
});
