import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const screenshotDir = path.join(repoRoot, 'test-results/screenshots');

/** Debian's Chromium: tests never download a browser of their own. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface WebApp {
  url: string;
  home: string;
  browser: BrowserContext;
  page: Page;
  /** What the server printed, for assertions and failure reports. */
  serverOutput(): string;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the real web-mode server (as `npm start` does, on a free port with a fresh
 * STRATA_HOME) and a fresh headless Chromium pointed at its tokenized URL.
 */
export async function startWebApp(options: { viewport?: { width: number; height: number }; home?: string } = {}): Promise<WebApp> {
  const home = options.home ?? (await mkdtemp(path.join(os.tmpdir(), 'strata-e2e-home-')));
  // tsx as a loader in the server's own process, so that the server is our child and stops when a killed test run leaves it orphaned.
  const tsx = ['--import', pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href];
  const server = spawn(process.execPath, [...tsx, path.join(repoRoot, 'src/server/main.ts'), '--stop-with-parent'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', STRATA_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await waitForUrl(server, () => output);
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'strata-e2e-chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: options.viewport ?? { width: 1440, height: 900 },
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const consoleErrors: string[] = [];
  page.on('pageerror', (err) => consoleErrors.push(err.message));
  await page.goto(url);
  return {
    url,
    home,
    browser,
    page,
    serverOutput: () => output + (consoleErrors.length ? `\n[page errors]\n${consoleErrors.join('\n')}` : ''),
    screenshot: async (name) => {
      await mkdir(screenshotDir, { recursive: true });
      const file = path.join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    close: async () => {
      await browser.close().catch(() => {});
      await stopServer(server);
      await rm(userDataDir, { recursive: true, force: true });
      if (!options.home) await rm(home, { recursive: true, force: true });
    },
  };
}

function waitForUrl(server: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server printed no URL within 30 s:\n${output()}`)), 30_000);
    const check = (): void => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(output());
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    server.stdout!.on('data', check);
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before printing its URL:\n${output()}`));
    });
  });
}

/** SIGTERM lets the server stop its VMs; SIGKILL after 10 s if it hangs. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.pid === undefined) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  process.kill(-server.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(-server.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** The app of a describe block (useWebApp), which a test can also restart. */
export interface SharedWebApp extends WebApp {
  /**
   * Stops the server and the browser and starts both again on the same STRATA_HOME, as a
   * student quitting and starting Strata again does; the fields then read the new app.
   */
  restart(): Promise<void>;
}

/**
 * Starts the app once for the describe block that calls it and stops it after its tests,
 * printing what the server and the page said when the page threw (it explains a failed
 * step better than a timeout). Its fields are read in tests and hooks, once started. Its
 * STRATA_HOME (a fresh one unless `options.home` is given) lasts the whole block, across
 * restarts.
 */
export function useWebApp(options: Parameters<typeof startWebApp>[0] = {}): SharedWebApp {
  let started: WebApp | undefined;
  let home: string | undefined;
  const stop = async (): Promise<void> => {
    if (started?.serverOutput().includes('[page errors]')) console.error(started.serverOutput());
    await started?.close();
    started = undefined;
  };
  beforeAll(async () => {
    home = options.home ?? (await mkdtemp(path.join(os.tmpdir(), 'strata-e2e-home-')));
    started = await startWebApp({ ...options, home });
  });
  afterAll(async () => {
    await stop();
    if (home && !options.home) await rm(home, { recursive: true, force: true });
  });
  const app = (): WebApp => {
    if (!started) throw new Error('the app starts in beforeAll: use it in a test or a hook');
    return started;
  };
  return {
    get url() {
      return app().url;
    },
    get home() {
      return app().home;
    },
    get browser() {
      return app().browser;
    },
    get page() {
      return app().page;
    },
    serverOutput: () => app().serverOutput(),
    screenshot: (name) => app().screenshot(name),
    close: () => app().close(),
    restart: async () => {
      await stop();
      started = await startWebApp({ ...options, home });
    },
  };
}
