import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

/** Resolves with the first tokenized address the process prints. */
function printedUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output()}`)), 100_000);
    child.stdout!.on('data', () => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(output());
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output()}`)));
  });
}

/** Everything the process prints on stdout and stderr, so far. */
function outputOf(child: ChildProcess): () => string {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return () => out;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until the address no longer answers and every process of the group is gone. */
async function stopsServing(url: string, pgid: number): Promise<void> {
  await expect
    .poll(
      () =>
        fetch(url).then(
          () => 'serving',
          () => 'gone',
        ),
      { timeout: 30_000 },
    )
    .toBe('gone');
  await expect.poll(() => groupAlive(pgid), { timeout: 30_000 }).toBe(false);
}

describe('npm start', () => {
  it('falls back to web mode when Electron cannot run, and serves the app at the printed URL', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'strata-start-'));
    // No DISPLAY: even with an Electron binary present this must choose web mode.
    const env = { ...process.env, PORT: '0', STRATA_HOME: home, DISPLAY: '', WAYLAND_DISPLAY: '' };
    const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out = outputOf(child);
    try {
      const url = await printedUrl(child, out);
      expect(out()).toContain('Starting Strata in web mode');
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await rm(home, { recursive: true, force: true });
    }
  });

  it('stops the server when `npm start` itself gets SIGTERM, as a service manager or a closing terminal sends it', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'strata-start-'));
    const env = { ...process.env, PORT: '0', STRATA_HOME: home };
    // npm runs the script through `sh -c`; the signal goes to npm alone, not to its process group.
    const npm = spawn('npm', ['start', '--', '--web'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out = outputOf(npm);
    try {
      const url = await printedUrl(npm, out);
      expect((await fetch(url)).status).toBe(200);
      const exited = new Promise((r) => npm.once('exit', r));
      npm.kill('SIGTERM');
      await exited;
      await stopsServing(url, npm.pid!);
    } finally {
      if (groupAlive(npm.pid!)) process.kill(-npm.pid!, 'SIGKILL');
      await rm(home, { recursive: true, force: true });
    }
  });
  it('stops the server when `npm start` is killed outright, with no signal for it to pass on', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'strata-start-'));
    const env = { ...process.env, PORT: '0', STRATA_HOME: home };
    const launcher = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--web'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const out = outputOf(launcher);
    try {
      const url = await printedUrl(launcher, out);
      expect((await fetch(url)).status).toBe(200);
      // SIGKILL to the launcher alone: the server, its child, is left an orphan in the same process group.
      launcher.kill('SIGKILL');
      await stopsServing(url, launcher.pid!);
    } finally {
      if (groupAlive(launcher.pid!)) process.kill(-launcher.pid!, 'SIGKILL');
      await rm(home, { recursive: true, force: true });
    }
  });
});
