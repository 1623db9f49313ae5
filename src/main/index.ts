import { app, BrowserWindow, Menu, session, shell, type WebContents } from 'electron';
import { strataHome } from '../backend/home';
import { contentSecurityPolicy } from '../server/contentSecurity';
import { startDesktop, type Desktop } from './desktopApp';
import { appWebPreferences, isAppUrl, isExternalLink, menuTemplate, permissionAllowed } from './windowPolicy';

let appOrigin: string | null = null;

/** Every web contents, the window's and any other, stays on the app's exact origin. */
function guard(contents: WebContents): void {
  const allowed = (url: string, isMainFrame: boolean): boolean => appOrigin !== null && isAppUrl(url, appOrigin, { subframe: !isMainFrame });
  contents.on('will-navigate', (event) => {
    if (!allowed(event.url, event.isMainFrame)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!allowed(event.url, event.isMainFrame)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!allowed(event.url, event.isMainFrame)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // New windows are refused; https links open in the system browser.
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function openWindow(address: string): void {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Strata',
    show: false,
    backgroundColor: '#1b1d23',
    webPreferences: appWebPreferences(app.isPackaged),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(address);
}

app.enableSandbox();
app.on('web-contents-created', (_event, contents) => guard(contents));

let desktop: Desktop | null = null;

void app.whenReady().then(async () => {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => callback(permissionAllowed(permission, details.requestingUrl, appOrigin)));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin, appOrigin));
  // The server sends the same policy; this covers any response that would come without one.
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = details.responseHeaders ?? {};
    const hasPolicy = Object.keys(headers).some((k) => k.toLowerCase() === 'content-security-policy');
    callback({ responseHeaders: hasPolicy ? headers : { ...headers, 'Content-Security-Policy': [contentSecurityPolicy(false)] } });
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(app.isPackaged)));
  try {
    desktop = await startDesktop({
      appRoot: app.getAppPath(),
      home: strataHome(),
      version: app.getVersion(),
      app,
      openWindow: (address, origin) => {
        appOrigin = origin;
        openWindow(address);
      },
      windowCount: () => BrowserWindow.getAllWindows().length,
    });
  } catch (err) {
    console.error(`Strata could not start its local server: ${(err as Error).message}`);
    app.exit(1);
  }
});

const exitAfterStop = (code: number): void => {
  void (desktop?.stop() ?? Promise.resolve()).then(() => app.exit(code));
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => exitAfterStop(0));
process.on('uncaughtException', (err) => {
  console.error('Strata: unexpected error in the main process:', err);
  exitAfterStop(1);
});
