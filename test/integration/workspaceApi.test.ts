import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ServerMessage } from '../../src/api/wire';
import { createBackend, type Backend } from '../../src/backend/backend';
import { ApiSession } from '../../src/backend/rpc/apiSession';

const appRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Drives the real backend through the session dispatcher, as both transports do. */
function client(backend: Backend) {
  const pending = new Map<number, (m: ServerMessage) => void>();
  const session = new ApiSession(
    backend.api,
    (m) => {
      if (m.t === 'result' && m.id !== null) pending.get(m.id)?.(m);
    },
    { warn: () => {} },
  );
  let next = 1;
  return async (method: string, params: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> => {
    const id = next++;
    const reply = new Promise<ServerMessage>((resolve) => pending.set(id, resolve));
    session.receive({ t: 'call', id, method, params });
    const m = await reply;
    if (m.t !== 'result') throw new Error(`unexpected ${m.t}`);
    return m.ok ? { ok: true, value: m.value } : { ok: false, error: m.error };
  };
}

describe('workspace API through the session', () => {
  let home: string;
  let backend: Backend;
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'strata-wsapi-'));
    backend = createBackend({ appRoot, home, mode: 'web', version: 'test' });
    call = client(backend);
  });
  afterAll(async () => {
    await backend.dispose();
    await rm(home, { recursive: true, force: true });
  });

  it('saves a lesson state, reports progress, and survives a reload of the backend', async () => {
    const state = {
      cells: {
        q1: { quizAnswer: 1 },
        e1: { exercise: { passed: true, results: [{ index: 0, kind: 'check', status: 'pass', message: 'the stack is valid' }], checkedAt: 1 } },
      },
      objectivesMet: ['see-all'],
    };
    expect((await call('workspace.lessonState.put', { slug: '03-containers-on-ssi', state })).ok).toBe(true);
    const second = createBackend({ appRoot, home, mode: 'web', version: 'test' });
    onTestFinished(() => second.dispose());
    const reloaded = client(second);
    const got = await reloaded('workspace.lessonState.get', { slug: '03-containers-on-ssi' });
    expect(got.value).toMatchObject({ state: { slug: '03-containers-on-ssi', objectivesMet: ['see-all'], cells: state.cells } });
    expect((await reloaded('workspace.progress', {})).value).toMatchObject({
      lessons: [{ slug: '03-containers-on-ssi', objectivesMet: ['see-all'] }],
      recovered: [],
    });
    expect((await reloaded('workspace.lessonState.reset', { slug: '03-containers-on-ssi' })).value).toEqual({ reset: true });
  });

  it('saves and opens builder stacks, and refuses path traversal at the boundary', async () => {
    expect((await call('workspace.stacks.write', { name: 'two nodes', text: 'name: t\nlayers: []\n' })).value).toMatchObject({ name: 'two nodes' });
    expect((await call('workspace.stacks.list', {})).value).toMatchObject([{ name: 'two nodes' }]);
    expect((await call('workspace.stacks.read', { name: 'two nodes' })).value).toEqual({ name: 'two nodes', text: 'name: t\nlayers: []\n' });
    const bad = await call('workspace.stacks.read', { name: '../../lessons/00-using-strata' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const badSlug = await call('workspace.lessonState.put', { slug: '../x', state: { cells: {}, objectivesMet: [] } });
    expect(badSlug).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect((await call('workspace.stacks.read', { name: 'missing' })).error?.code).toBe('not-found');
  });

  it('gives the student one stable seed', async () => {
    const a = await call('workspace.student', {});
    const b = await call('workspace.student', {});
    expect(a.value).toEqual(b.value);
  });
});
