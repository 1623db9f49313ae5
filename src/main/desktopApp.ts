import path from 'node:path';
import { createBackend as createRealBackend, type Backend, type BackendOptions } from '../backend/backend';
import { startWebServer, WEB_HOST } from '../server/webServer';

/** The part of Electron's `app` the desktop lifecycle uses; index.ts passes the real one. */
export interface DesktopLifecycle {
  on(event: 'window-all-closed' | 'activate', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface DesktopOptions {
  /** The app folder: lessons/, assets/ and the built renderer in out/renderer. */
  appRoot: string;
  home: string;
  version: string;
  app: DesktopLifecycle;
  /** Opens a window on the app's tokenized address; its navigation must stay on `origin`. */
  openWindow(address: string, origin: string): void;
  windowCount(): number;
  log?: (message: string) => void;
  /** Tests wrap the real backend to watch it. */
  createBackend?: (options: BackendOptions) => Backend;
}

export interface Desktop {
  /** http://127.0.0.1:PORT/?token=…: what the window loads. */
  address: string;
  origin: string;
  /** Stops the server and the backend (and so every VM); later calls wait for the same stop. */
  stop(): Promise<void>;
}

/**
 * The desktop app, minus Electron: the same local server as web mode (127.0.0.1, a free
 * port, a fresh token, the same origin checks) and a window on its address, so the window
 * runs exactly what the browser tests drive. Closing the last window, quitting, or `stop`
 * shuts the backend down before the app exits.
 */
export async function startDesktop(options: DesktopOptions): Promise<Desktop> {
  const backend = (options.createBackend ?? createRealBackend)({ appRoot: options.appRoot, home: options.home, mode: 'electron', version: options.version });
  let server;
  try {
    server = await startWebServer({ backend, rendererDir: path.join(options.appRoot, 'out/renderer'), port: 0, log: options.log });
  } catch (err) {
    await backend.dispose();
    throw err;
  }
  const origin = `http://${WEB_HOST}:${server.port}`;
  let stopping: Promise<void> | null = null;
  let stopped = false;
  const stop = (): Promise<void> =>
    (stopping ??= Promise.allSettled([server.close(), backend.dispose()]).then(() => {
      stopped = true;
    }));

  const { app } = options;
  app.on('window-all-closed', () => void stop().then(() => app.quit()));
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void stop().then(() => app.quit());
  });
  // macOS: clicking the dock icon with no window open opens one again.
  app.on('activate', () => {
    if (!stopping && options.windowCount() === 0) options.openWindow(server.url, origin);
  });
  options.openWindow(server.url, origin);
  return { address: server.url, origin, stop };
}
