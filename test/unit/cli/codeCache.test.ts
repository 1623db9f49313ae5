import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheOf, runCommonJs } from '../../../src/cli/codeCache';

describe('runCommonJs: the CLI worker bundle run from its code cache', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'strata-codecache-'));
    file = path.join(dir, 'tasks.cjs');
    // What a CommonJS bundle uses: exports, module, require of a built-in, __filename and __dirname.
    await writeFile(
      file,
      "const path = require('node:path');\nfunction twice(n) { return 2 * n; }\nmodule.exports = { name: path.basename(__filename), dir: __dirname, twice: twice(21) };\n",
    );
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('runs a file without a cache, saves one on request, and runs the same from it', () => {
    const expected = { name: 'tasks.cjs', dir, twice: 42 };
    expect(runCommonJs(file)).toEqual(expected);
    expect(existsSync(codeCacheOf(file))).toBe(false);
    expect(runCommonJs(file, { saveCache: true })).toEqual(expected);
    expect(existsSync(codeCacheOf(file))).toBe(true);
    expect(runCommonJs(file)).toEqual(expected);
  });

  it('runs from the source when the cache is not one V8 accepts', async () => {
    await writeFile(codeCacheOf(file), 'not a code cache');
    expect(runCommonJs(file)).toEqual({ name: 'tasks.cjs', dir, twice: 42 });
  });
});
