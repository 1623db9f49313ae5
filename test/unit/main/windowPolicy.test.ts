import { describe, expect, it } from 'vitest';
import { appWebPreferences, isAppUrl, isExternalLink, menuTemplate, permissionAllowed } from '../../../src/main/windowPolicy';

const ORIGIN = 'http://127.0.0.1:5174';

describe('the desktop window policy', () => {
  it('lets the window go only to the exact app origin', () => {
    expect(isAppUrl(`${ORIGIN}/`, ORIGIN)).toBe(true);
    expect(isAppUrl(`${ORIGIN}/index.html?token=x#/lessons`, ORIGIN)).toBe(true);
    expect(isAppUrl(`blob:${ORIGIN}/6d1c0f5e-0000-4000-8000-000000000000`, ORIGIN)).toBe(true);
    for (const url of [
      'http://127.0.0.1:5174.evil.example/',
      'http://127.0.0.1:51740/',
      'http://127.0.0.1:5175/',
      'http://localhost:5174/',
      'https://127.0.0.1:5174/',
      'http://127.0.0.1:5174@evil.example/',
      'ws://127.0.0.1:5174/api',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'javascript:alert(1)',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url, ORIGIN), url).toBe(false);
    }
  });

  it('allows blank subframes but never a blank main frame', () => {
    expect(isAppUrl('about:blank', ORIGIN, { subframe: true })).toBe(true);
    expect(isAppUrl('about:srcdoc', ORIGIN, { subframe: true })).toBe(true);
    expect(isAppUrl('about:blank', ORIGIN)).toBe(false);
    expect(isAppUrl('https://example.org/', ORIGIN, { subframe: true })).toBe(false);
  });

  it('grants only clipboard-sanitized-write, and only to the app origin', () => {
    expect(permissionAllowed('clipboard-sanitized-write', `${ORIGIN}/index.html#/machines`, ORIGIN)).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', ORIGIN, ORIGIN)).toBe(true);
    for (const permission of [
      'clipboard-read',
      'deprecated-sync-clipboard-read',
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'fullscreen',
      'unknown',
      '',
    ]) {
      expect(permissionAllowed(permission, ORIGIN, ORIGIN), permission).toBe(false);
    }
    for (const origin of ['http://127.0.0.1:5175', 'null', 'http://localhost:5174', 'https://evil.example', '', undefined]) {
      expect(permissionAllowed('clipboard-sanitized-write', origin, ORIGIN), String(origin)).toBe(false);
    }
    expect(permissionAllowed('clipboard-sanitized-write', ORIGIN, null)).toBe(false);
  });

  it('hands only https links to the system browser', () => {
    expect(isExternalLink('https://www.qemu.org/docs/')).toBe(true);
    for (const url of ['http://example.org/', 'file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'nonsense'])
      expect(isExternalLink(url), url).toBe(false);
  });

  it('keeps the renderer sandboxed and isolated, without Node, and without DevTools when packaged', () => {
    for (const packaged of [true, false]) {
      const prefs = appWebPreferences(packaged);
      expect(prefs).toMatchObject({
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        webviewTag: false,
      });
      expect(prefs.preload).toBeUndefined();
      expect(prefs.devTools).toBe(!packaged);
    }
  });

  it('offers DevTools in the menu only when not packaged', () => {
    const roles = (packaged: boolean): string[] => JSON.stringify(menuTemplate(packaged)).match(/"role":"\w+"/g) ?? [];
    expect(roles(false)).toContain('"role":"toggleDevTools"');
    expect(roles(true)).not.toContain('"role":"toggleDevTools"');
    expect(roles(true)).toContain('"role":"reload"');
  });
});
