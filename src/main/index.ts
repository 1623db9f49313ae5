import { app, BrowserWindow, Menu, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createBackend, type Backend } from '../backend/backend';
import { strataHome } from '../backend/home';
import { attachIpc } from './ipcAdapter';
import { buildMenu } from './menu';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws://127.0.0.1:*",
].join('; ');

let backend: Backend | null = null;

function rendererIndex(): string {
  return path.join(app.getAppPath(), 'out/renderer/index.html');
}

function createWindow(): void {
  const indexUrl = pathToFileURL(rendererIndex()).href;
  const rendererRoot = pathToFileURL(path.dirname(rendererIndex())).href + '/';
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const isTrustedUrl = (url: string): boolean => url.startsWith(rendererRoot) || (devUrl !== undefined && url.startsWith(devUrl));

  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Strata',
    show: false,
    backgroundColor: '#1b1d23',
    webPreferences: {
      preload: path.join(app.getAppPath(), 'out/preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  attachIpc(backend!, win.webContents, isTrustedUrl);
  win.once('ready-to-show', () => win.show());
  // Navigation away from the app and new windows are refused; links open in the system browser.
  win.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadURL(indexUrl);
}

app.enableSandbox();
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

void app.whenReady().then(() => {
  const version = app.getVersion();
  backend = createBackend({ appRoot: app.getAppPath(), home: strataHome(), mode: 'electron', version });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  Menu.setApplicationMenu(buildMenu());
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

let disposed = false;
async function shutdown(): Promise<void> {
  if (disposed) return;
  disposed = true;
  await backend?.dispose();
}

app.on('window-all-closed', () => {
  void shutdown().then(() => app.quit());
});
app.on('before-quit', (event) => {
  if (disposed) return;
  event.preventDefault();
  void shutdown().then(() => app.quit());
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => void shutdown().then(() => app.exit(0)));
}
process.on('uncaughtException', (err) => {
  console.error('Strata: unexpected error in the main process:', err);
  void shutdown().then(() => app.exit(1));
});
