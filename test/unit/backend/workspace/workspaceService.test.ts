import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src/api/errors';
import { WorkspaceService } from '../../../../src/backend/workspace/workspaceService';

let home: string;
let ws: WorkspaceService;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'strata-ws-'));
  ws = new WorkspaceService(home);
});
afterEach(() => rm(home, { recursive: true, force: true }));

const lessonsDir = () => path.join(home, 'workspace', 'lessons');

describe('lesson state', () => {
  it('starts empty, saves, reads back, and resets', async () => {
    expect((await ws.getLessonState('03-ssi')).state).toEqual({ slug: '03-ssi', cells: {}, objectivesMet: [], updatedAt: 0 });
    const input = { cells: { s1: { source: 'name: x\n', output: { ok: true } }, q1: { quizAnswer: 1 } }, objectivesMet: ['see-all', 'see-all'] };
    const saved = await ws.putLessonState('03-ssi', input);
    expect(saved.state.objectivesMet).toEqual(['see-all']);
    expect((await ws.getLessonState('03-ssi')).state).toEqual(saved.state);
    expect(await ws.resetLesson('03-ssi')).toEqual({ reset: true });
    expect((await ws.getLessonState('03-ssi')).state.cells).toEqual({});
    expect(await ws.resetLesson('03-ssi')).toEqual({ reset: false });
  });

  it('applies concurrent saves in order and never leaves a torn file', async () => {
    const saves = Array.from({ length: 30 }, (_, i) =>
      ws.putLessonState('01-intro', { cells: { c: { source: 'x'.repeat(1000 * (i + 1)) } }, objectivesMet: [] }),
    );
    await Promise.all(saves);
    const { state, recovered } = await ws.getLessonState('01-intro');
    expect(recovered).toBeUndefined();
    expect(state.cells.c?.source).toHaveLength(30_000);
    expect(await readdir(lessonsDir())).toEqual(['01-intro.json']);
  });

  it('ignores a temporary file a crash left behind mid-write', async () => {
    await ws.putLessonState('02-x', { cells: { a: { quizAnswer: 2 } }, objectivesMet: ['o'] });
    await writeFile(path.join(lessonsDir(), '.02-x.json.00aa11bb22cc.tmp'), '{"slug":"02-x","cel');
    const { state, recovered } = await ws.getLessonState('02-x');
    expect(recovered).toBeUndefined();
    expect(state.objectivesMet).toEqual(['o']);
    expect((await ws.progress()).lessons.map((l) => l.slug)).toEqual(['02-x']);
  });

  it('moves a corrupted state file aside, reports it, and starts afresh', async () => {
    await ws.putLessonState('04-y', { cells: {}, objectivesMet: ['a'] });
    await writeFile(path.join(lessonsDir(), '04-y.json'), '{"slug": "04-y", "cells": ');
    const { state, recovered } = await ws.getLessonState('04-y');
    expect(state.objectivesMet).toEqual([]);
    expect(recovered?.reason).toContain('not valid JSON');
    expect(await readFile(recovered!.movedTo, 'utf8')).toBe('{"slug": "04-y", "cells": ');
    expect((await ws.getLessonState('04-y')).recovered).toBeUndefined();
  });

  it('reports progress per lesson and lists corrupted files instead of failing', async () => {
    await ws.putLessonState('01-a', { cells: {}, objectivesMet: ['x'] });
    await ws.putLessonState('02-b', { cells: {}, objectivesMet: [] });
    await writeFile(path.join(lessonsDir(), '03-c.json'), 'garbage');
    const progress = await ws.progress();
    expect(progress.lessons.map((l) => [l.slug, l.objectivesMet])).toEqual([
      ['01-a', ['x']],
      ['02-b', []],
    ]);
    expect(progress.recovered).toHaveLength(1);
  });

  it('refuses slugs that could leave the workspace and states above the size limit', async () => {
    await expect(ws.getLessonState('../etc')).rejects.toBeInstanceOf(ApiError);
    await expect(ws.putLessonState('01-a', { cells: { c: { output: 'x'.repeat(5 * 1024 * 1024) } }, objectivesMet: [] })).rejects.toMatchObject({
      code: 'limit',
    });
  });
});

describe('saved stacks', () => {
  it('writes, lists, reads and deletes', async () => {
    const info = await ws.writeStack('My SSI', 'name: s\nlayers: []\n');
    expect(info).toMatchObject({ name: 'My SSI', sizeBytes: 19 });
    await ws.writeStack('another', 'name: a\n');
    expect((await ws.listStacks()).map((s) => s.name)).toEqual(['another', 'My SSI']);
    expect(await ws.readStack('My SSI')).toEqual({ name: 'My SSI', text: 'name: s\nlayers: []\n' });
    expect(await readFile(path.join(home, 'workspace', 'stacks', 'My SSI.stack.yaml'), 'utf8')).toBe('name: s\nlayers: []\n');
    expect(await ws.deleteStack('My SSI')).toEqual({ deleted: true });
    await expect(ws.readStack('My SSI')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses to overwrite when asked not to', async () => {
    await ws.writeStack('s', 'a');
    await expect(ws.writeStack('s', 'b', false)).rejects.toMatchObject({ code: 'bad-request' });
    expect((await ws.readStack('s')).text).toBe('a');
  });

  it.each(['../escape', '..', 'a/b', 'a\\b', '/etc/passwd', '.hidden', 'x..y', ''])('refuses the name %j', async (name) => {
    await expect(ws.writeStack(name, 'x')).rejects.toMatchObject({ code: 'bad-request' });
    await expect(ws.readStack(name)).rejects.toMatchObject({ code: 'bad-request' });
  });
});

describe('student seed', () => {
  it('is created once and stays the same across service instances', async () => {
    const [a, b] = await Promise.all([ws.student(), ws.student()]);
    expect(a.seed).toBe(b.seed);
    expect((await new WorkspaceService(home).student()).seed).toBe(a.seed);
  });
});

describe('builder draft', () => {
  it('has none before the first edit, then keeps the last one, and applies concurrent saves in order', async () => {
    expect(await ws.getBuilderDraft()).toEqual({ draft: null });
    await Promise.all(Array.from({ length: 20 }, (_, i) => ws.putBuilderDraft({ text: `name: s${i}\nlayers: []\n`, file: i % 2 ? 'lab one' : null })));
    expect(await ws.getBuilderDraft()).toEqual({ draft: { text: 'name: s19\nlayers: []\n', file: 'lab one' } });
    expect((await readdir(path.join(home, 'workspace'))).filter((f) => f.startsWith('builder'))).toEqual(['builder.json']);
  });

  it('moves an unreadable draft aside, says so, and starts from none', async () => {
    await ws.putBuilderDraft({ text: 'name: x\n', file: null });
    await writeFile(path.join(home, 'workspace', 'builder.json'), '{"text": 3');
    const { draft, recovered } = await ws.getBuilderDraft();
    expect(draft).toBeNull();
    expect(recovered?.reason).toMatch(/^builder\.json could not be read: it is not valid JSON .*the Builder starts from a new stack$/);
    expect(await readFile(recovered!.movedTo, 'utf8')).toBe('{"text": 3');
    expect(await ws.getBuilderDraft()).toEqual({ draft: null });
  });

  it('refuses a draft over the size of a saved stack, with the limit', async () => {
    await expect(ws.putBuilderDraft({ text: 'é'.repeat(600 * 1024), file: null })).rejects.toThrow(/at most 1024 KiB/);
  });
});
