import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBackend, type Backend, type BackendOptions } from '../../../src/backend/backend';
import { startDesktop, type Desktop, type DesktopLifecycle } from '../../../src/main/desktopApp';

/** Stands in for Electron's `app`: emits its lifecycle events and records quit(). */
class FakeApp extends EventEmitter implements DesktopLifecycle {
  quits = 0;
  quit(): void {
    this.quits++;
  }
  /** Emits before-quit as Electron does and says whether a listener held the quit back. */
  requestQuit(): boolean {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    return prevented;
  }
}

let root: string;
let app: FakeApp;
let windows: Array<{ address: string; origin: string }>;
let disposed: number;
let desktop: Desktop;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'strata-desktop-'));
  await mkdir(path.join(root, 'out/renderer'), { recursive: true });
  await mkdir(path.join(root, 'lessons'));
  await writeFile(path.join(root, 'out/renderer/index.html'), '<!doctype html><title>Strata</title><div id="root"></div>');
  app = new FakeApp();
  windows = [];
  disposed = 0;
  const watchedBackend = (options: BackendOptions): Backend => {
    const backend = createBackend(options);
    return { api: backend.api, dispose: () => backend.dispose().then(() => void disposed++) };
  };
  desktop = await startDesktop({
    appRoot: root,
    home: path.join(root, 'home'),
    version: '1.2.3',
    app,
    openWindow: (address, origin) => windows.push({ address, origin }),
    windowCount: () => windows.length,
    createBackend: watchedBackend,
    log: () => {},
  });
});

afterEach(async () => {
  await desktop.stop();
  await rm(root, { recursive: true, force: true });
});

/** What the window's page does: one API call over the WebSocket, with the address's token, from the page's origin. */
async function callFromWindow(address: string, method: string, pageOrigin = new URL(address).origin): Promise<Record<string, unknown>> {
  const url = new URL(address);
  const ws = new WebSocket(`ws://${url.host}/api?token=${url.searchParams.get('token')}`, { origin: pageOrigin });
  try {
    return await new Promise((resolve, reject) => {
      ws.once('open', () => ws.send(JSON.stringify({ t: 'call', id: 1, method, params: {} })));
      ws.once('message', (d) => resolve(JSON.parse(d.toString()) as Record<string, unknown>));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  } finally {
    ws.close();
  }
}

describe('the desktop app without Electron', () => {
  it('starts the web-mode server on 127.0.0.1 and opens one window on its tokenized address', async () => {
    expect(windows).toHaveLength(1);
    const { address, origin } = windows[0]!;
    expect(address).toBe(desktop.address);
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(address).toMatch(new RegExp(`^${origin}/\\?token=[\\w-]{20,}$`));
    const page = await fetch(address);
    expect(page.status).toBe(200);
    for (const directive of ["frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'", "script-src 'self'"])
      expect(page.headers.get('content-security-policy')).toContain(directive);
    expect(await page.text()).toContain('<div id="root">');
    await expect(callFromWindow(address, 'app.info')).resolves.toMatchObject({ ok: true, value: { name: 'Strata', version: '1.2.3', mode: 'electron' } });
  });

  it('refuses the API to a page of another origin and to a request without the token', async () => {
    const { address, origin } = windows[0]!;
    await expect(callFromWindow(address, 'app.info', 'http://127.0.0.1:1')).rejects.toThrow('HTTP 403');
    await expect(callFromWindow(`${origin}/?token=wrong`, 'app.info')).rejects.toThrow('HTTP 401');
    expect((await fetch(`${origin}/`)).status).toBe(401);
  });

  it('answers after a reload and in a window reopened on macOS', async () => {
    const { address, origin } = windows[0]!;
    await callFromWindow(address, 'app.info');
    await expect(callFromWindow(address, 'lessons.list')).resolves.toMatchObject({ ok: true });
    app.emit('activate');
    expect(windows).toHaveLength(1);
    windows.length = 0;
    app.emit('activate');
    expect(windows).toEqual([{ address, origin }]);
    await expect(callFromWindow(address, 'app.info')).resolves.toMatchObject({ ok: true });
  });

  it('closing the last window stops the backend and the server, then quits', async () => {
    const { address } = windows[0]!;
    app.emit('window-all-closed');
    await expect.poll(() => app.quits, { timeout: 20_000 }).toBe(1);
    expect(disposed).toBe(1);
    await expect(fetch(address)).rejects.toThrow();
    await expect(callFromWindow(address, 'app.info')).rejects.toThrow();
    await desktop.stop();
    expect(disposed).toBe(1);
  });

  it('a quit waits for the backend to stop, then goes through', async () => {
    expect(app.requestQuit()).toBe(true);
    await expect.poll(() => app.quits, { timeout: 20_000 }).toBe(1);
    expect(disposed).toBe(1);
    expect(app.requestQuit()).toBe(false);
  });
});
