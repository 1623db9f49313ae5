import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openInBrowser } from '../../../src/server/openBrowser';

describe('--open', () => {
  it('hands the browser a private redirect page, never the tokenized address on its command line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'strata-browser-'));
    const argsFile = path.join(dir, 'args');
    const browser = path.join(dir, 'browser');
    // Stands in for a browser: records the command line that `ps` would show.
    await writeFile(browser, `#!/bin/sh\nprintf '%s\\n' "$0" "$@" > '${argsFile}.tmp' && mv '${argsFile}.tmp' '${argsFile}'\n`);
    await chmod(browser, 0o755);
    const url = 'http://127.0.0.1:5174/?token=Secret-Token_123';
    try {
      const opened = await openInBrowser(url, { BROWSER: browser });
      expect(opened.browser).toBe(browser);
      await expect.poll(() => readFile(argsFile, 'utf8').catch(() => ''), { timeout: 20_000 }).not.toBe('');
      const commandLine = await readFile(argsFile, 'utf8');
      expect(commandLine).not.toContain('Secret-Token_123');
      const page = fileURLToPath(commandLine.trim().split('\n')[1]!);
      expect((await stat(page)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(page))).mode & 0o777).toBe(0o700);
      expect(await readFile(page, 'utf8')).toContain(`location.replace(${JSON.stringify(url)})`);
      await opened.dispose();
      await expect(stat(page)).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
