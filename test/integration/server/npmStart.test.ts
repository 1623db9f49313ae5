import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

describe('npm start', () => {
  it('falls back to web mode when Electron cannot run, and serves the app at the printed URL', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'strata-start-'));
    // No DISPLAY: even with an Electron binary present this must choose web mode.
    const env = { ...process.env, PORT: '0', STRATA_HOME: home, DISPLAY: '', WAYLAND_DISPLAY: '' };
    const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 100_000);
        child.stdout.on('data', () => {
          const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[0]);
          }
        });
        child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
      });
      expect(out).toContain('Starting Strata in web mode');
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await rm(home, { recursive: true, force: true });
    }
  });
});
