import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * src/main/index.ts, the Electron entry itself, run against a stand-in for the `electron`
 * module (the binary cannot be fetched here): it must wire every guard of issue #12's
 * fault 11 onto what Electron gives it, not only define them (windowPolicy.test.ts tests
 * the decisions). What it registers is recorded, then driven as Electron would.
 */
const electron = await vi.hoisted(async () => {
  // vi.hoisted runs before the imports above.
  const { EventEmitter: Emitter } = await import('node:events');
  const windows: Array<{ options: { webPreferences: Record<string, unknown> }; url: string | null }> = [];
  const handlers: {
    permissionRequest?: (contents: unknown, permission: string, callback: (ok: boolean) => void, details: { requestingUrl: string }) => void;
    permissionCheck?: (contents: unknown, permission: string, origin: string) => boolean;
    headers?: (details: { responseHeaders?: Record<string, string[]> }, callback: (r: { responseHeaders: Record<string, string[]> }) => void) => void;
    menu?: Array<Record<string, unknown>>;
  } = {};
  const state = { root: '', exits: [] as number[] };
  class App extends Emitter {
    isPackaged = true;
    enableSandbox(): void {}
    whenReady(): Promise<void> {
      return Promise.resolve();
    }
    getAppPath(): string {
      return state.root;
    }
    getVersion(): string {
      return '9.9.9';
    }
    quit(): void {}
    exit(code: number): void {
      state.exits.push(code);
    }
  }
  class BrowserWindow {
    private readonly record: (typeof windows)[number];
    constructor(options: (typeof windows)[number]['options']) {
      this.record = { options, url: null };
      windows.push(this.record);
    }
    static getAllWindows(): unknown[] {
      return windows;
    }
    once(): void {}
    show(): void {}
    loadURL(url: string): Promise<void> {
      this.record.url = url;
      return Promise.resolve();
    }
  }
  const module = {
    app: new App(),
    BrowserWindow,
    Menu: { buildFromTemplate: (t: Array<Record<string, unknown>>) => (handlers.menu = t), setApplicationMenu: () => {} },
    shell: { openExternal: async () => {} },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof handlers.permissionRequest) => (handlers.permissionRequest = h),
        setPermissionCheckHandler: (h: typeof handlers.permissionCheck) => (handlers.permissionCheck = h),
        webRequest: { onHeadersReceived: (h: typeof handlers.headers) => (handlers.headers = h) },
      },
    },
  };
  return { module, windows, handlers, state };
});
vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

/** A web contents as Electron hands it to 'web-contents-created': records its listeners. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.openHandler = h;
  }
  /** Emits a navigation event and says whether a listener prevented it. */
  tries(event: string, url: string, isMainFrame = true): boolean {
    let prevented = false;
    this.emit(event, { url, isMainFrame, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

/** Waits until `value()` is truthy (hooks cannot use expect.poll). */
async function until<T>(value: () => T, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = value();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the Electron entry (src/main/index.ts) on a stand-in for Electron', () => {
  // The entry adds listeners to this process; they are taken off again after the tests.
  const emitter: EventEmitter = process;
  const before = new Map(['SIGINT', 'SIGTERM', 'SIGHUP', 'uncaughtException'].map((e) => [e, emitter.listeners(e)]));
  let home: string;
  let previousHome: string | undefined;

  beforeAll(async () => {
    electron.state.root = await mkdtemp(path.join(os.tmpdir(), 'strata-electron-entry-'));
    await mkdir(path.join(electron.state.root, 'out/renderer'), { recursive: true });
    await mkdir(path.join(electron.state.root, 'lessons'));
    await writeFile(path.join(electron.state.root, 'out/renderer/index.html'), '<!doctype html><title>Strata</title>');
    home = path.join(electron.state.root, 'home');
    previousHome = process.env.STRATA_HOME;
    process.env.STRATA_HOME = home;
    await import('../../../src/main/index');
    await until(() => electron.windows[0]?.url, 'the window to load its address');
  });

  afterAll(async () => {
    // Stop the server the entry started, as SIGTERM would, then drop the entry's process listeners.
    for (const l of emitter.listeners('SIGTERM')) if (!before.get('SIGTERM')?.includes(l)) (l as () => void)();
    await until(() => electron.state.exits.length === 1, 'the entry to stop and exit');
    for (const [event, kept] of before) for (const l of emitter.listeners(event)) if (!kept.includes(l)) emitter.off(event, l as (...args: unknown[]) => void);
    if (previousHome === undefined) delete process.env.STRATA_HOME;
    else process.env.STRATA_HOME = previousHome;
    await rm(electron.state.root, { recursive: true, force: true });
  });

  it('opens one sandboxed, isolated window without Node on the server it started', async () => {
    expect(electron.windows).toHaveLength(1);
    expect(electron.windows[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
    expect(electron.windows[0]!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(electron.windows[0]!.options.webPreferences.preload).toBeUndefined();
    const page = await fetch(electron.windows[0]!.url!);
    expect(page.status).toBe(200);
  });

  it('keeps every web contents on the exact app origin: navigation, frame navigation, redirects, webviews and new windows', () => {
    const origin = new URL(electron.windows[0]!.url!).origin;
    const contents = new FakeContents();
    electron.module.app.emit('web-contents-created', {}, contents);
    const other = origin.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 1}`);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(contents.tries(event, `${origin}/`), `${event} to the app`).toBe(false);
      expect(contents.tries(event, `${other}/`), `${event} to another port`).toBe(true);
      expect(contents.tries(event, `${origin}.evil.example/`), `${event} to a prefix of the origin`).toBe(true);
      expect(contents.tries(event, 'https://example.org/'), `${event} to the web`).toBe(true);
    }
    expect(contents.tries('will-frame-navigate', 'https://example.org/', false)).toBe(true);
    expect(contents.tries('will-attach-webview', `${origin}/`)).toBe(true);
    expect(contents.openHandler?.({ url: `${origin}/` })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check but clipboard writing from the app origin', () => {
    const origin = new URL(electron.windows[0]!.url!).origin;
    const check = electron.handlers.permissionCheck!;
    expect(check({}, 'clipboard-sanitized-write', origin)).toBe(true);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial'])
      expect(check({}, permission, origin), permission).toBe(false);
    expect(check({}, 'clipboard-sanitized-write', 'http://127.0.0.1:1')).toBe(false);
    const answers: boolean[] = [];
    electron.handlers.permissionRequest!({}, 'media', (ok) => answers.push(ok), { requestingUrl: `${origin}/` });
    electron.handlers.permissionRequest!({}, 'clipboard-sanitized-write', (ok) => answers.push(ok), { requestingUrl: `${origin}/` });
    expect(answers).toEqual([false, true]);
  });

  it("adds the app's content security policy to a response without one, and keeps a response's own", () => {
    let added: Record<string, string[]> = {};
    electron.handlers.headers!({ responseHeaders: { 'content-type': ['text/html'] } }, (r) => (added = r.responseHeaders));
    const policy = added['Content-Security-Policy']?.[0] ?? '';
    for (const directive of ["frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'"]) expect(policy).toContain(directive);
    let kept: Record<string, string[]> = {};
    electron.handlers.headers!({ responseHeaders: { 'content-security-policy': ["default-src 'self'"] } }, (r) => (kept = r.responseHeaders));
    expect(kept).toEqual({ 'content-security-policy': ["default-src 'self'"] });
  });

  it('offers no DevTools in the packaged app’s menu', () => {
    expect(JSON.stringify(electron.handlers.menu)).not.toMatch(/toggleDevTools|devtools/i);
  });
});
