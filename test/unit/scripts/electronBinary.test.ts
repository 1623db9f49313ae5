import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { findElectronBinary } from '../../../scripts/electronBinary.mjs';

type Found = { path: string | null; reason: string | null };
const find = findElectronBinary as (env: NodeJS.ProcessEnv) => Found;

describe('findElectronBinary', () => {
  it('reports a missing binary without trying to download it', () => {
    // A synchronous answer cannot have waited on a download.
    const found = find({ ELECTRON_OVERRIDE_DIST_PATH: path.join(os.tmpdir(), 'no-such-electron'), DISPLAY: ':0' });
    expect(found.path).toBeNull();
    expect(found.reason).toMatch(/not been downloaded/);
  });

  it('finds a binary that is present, and refuses it without a display', async () => {
    const dist = await mkdtemp(path.join(os.tmpdir(), 'electron-dist-'));
    try {
      const pkgPathFile = path.join(path.dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'path.txt');
      const { existsSync, readFileSync } = await import('node:fs');
      const relative = existsSync(pkgPathFile) ? readFileSync(pkgPathFile, 'utf8').trim() : null;
      if (relative === null) {
        // Without path.txt (binary never installed) the override cannot point anywhere.
        expect(find({ ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':0' }).path).toBeNull();
        return;
      }
      await mkdir(path.dirname(path.join(dist, relative)), { recursive: true });
      await writeFile(path.join(dist, relative), '');
      expect(find({ ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':0' }).path).toBe(path.join(dist, relative));
      expect(find({ ELECTRON_OVERRIDE_DIST_PATH: dist }).reason).toMatch(/no display/);
    } finally {
      await rm(dist, { recursive: true, force: true });
    }
  });
});
