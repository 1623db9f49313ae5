import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepTempFiles, writeFileAtomic } from '../../../../src/backend/workspace/atomicWrite';
import { KeyedQueue } from '../../../../src/backend/workspace/keyedQueue';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'strata-atomic-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file', async () => {
    const file = path.join(dir, 'a.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('keeps the old content when the process dies before the rename', async () => {
    const file = path.join(dir, 'a.json');
    await writeFileAtomic(file, 'old');
    const crash = { rename: () => Promise.reject(new Error('killed')) };
    await expect(writeFileAtomic(file, 'new', crash)).rejects.toThrow('killed');
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['a.json']);
  });
});

describe('sweepTempFiles', () => {
  it('removes stale temporary files and keeps fresh ones and real files', async () => {
    await writeFile(path.join(dir, '.a.json.0123456789ab.tmp'), '{"half');
    await writeFile(path.join(dir, '.a.json.ba9876543210.tmp'), '{"fresh');
    await writeFile(path.join(dir, 'a.json'), '{}');
    const old = new Date(Date.now() - 3_600_000);
    await utimes(path.join(dir, '.a.json.0123456789ab.tmp'), old, old);
    expect(await sweepTempFiles(dir)).toEqual(['.a.json.0123456789ab.tmp']);
    expect((await readdir(dir)).sort()).toEqual(['.a.json.ba9876543210.tmp', 'a.json']);
  });
});

describe('KeyedQueue', () => {
  it('runs tasks of one key in order, one at a time, even after a failure', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    let running = 0;
    const task =
      (name: string, fail = false) =>
      async () => {
        running += 1;
        expect(running).toBe(1);
        await new Promise((r) => setTimeout(r, 5));
        log.push(name);
        running -= 1;
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([q.run('k', task('a')), q.run('k', task('b', true)), q.run('k', task('c'))]);
    expect(log).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await new Promise((r) => setTimeout(r, 0));
    expect(q.activeKeys).toBe(0);
  });
});
