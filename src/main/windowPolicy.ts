import type { MenuItemConstructorOptions, WebPreferences } from 'electron';

/*
 * What the desktop window may do, kept apart from Electron itself (types only) so tests
 * can check it without the Electron binary.
 */

/**
 * True only for URLs of exactly the app's origin (scheme, host and port): no prefix
 * matches, so `http://127.0.0.1:5174.evil.example` or port 51740 do not pass. Blob URLs
 * the page creates carry its origin. Subframes may also be blank.
 */
export function isAppUrl(url: string, appOrigin: string, options: { subframe?: boolean } = {}): boolean {
  if (options.subframe && (url === 'about:blank' || url === 'about:srcdoc')) return true;
  try {
    return new URL(url).origin === appOrigin;
  } catch {
    return false;
  }
}

/** Links the app may hand to the system browser (documentation, references). */
export function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** The one permission the window grants: writing text to the clipboard (the terminal's copy), which Chromium sanitizes. */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/**
 * Whether a permission request or check from the window is granted: only a granted
 * permission, and only for a frame of the app's exact origin. `origin` is the requesting
 * URL or origin Electron gives; a missing one is refused.
 */
export function permissionAllowed(permission: string, origin: string | undefined, appOrigin: string | null): boolean {
  return GRANTED_PERMISSIONS.has(permission) && appOrigin !== null && origin !== undefined && isAppUrl(origin, appOrigin);
}

/** The renderer gets no Node, no preload and its own sandboxed, isolated world. */
export function appWebPreferences(packaged: boolean): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    devTools: !packaged,
    spellcheck: false,
  };
}

/** The application menu: standard roles only (app actions live in the renderer); DevTools only when not packaged. */
export function menuTemplate(packaged: boolean): MenuItemConstructorOptions[] {
  const devTools: MenuItemConstructorOptions[] = packaged ? [] : [{ role: 'toggleDevTools' }];
  return [
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...devTools,
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
