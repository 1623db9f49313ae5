import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Browsers `--open` tries after $BROWSER, in order; Debian's Chromium first. */
const BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/xdg-open'];

export interface OpenedPage {
  /** The browser that was started, or null when none was found. */
  browser: string | null;
  /** Removes the redirect page (it holds the token). */
  dispose(): Promise<void>;
}

/**
 * Opens `url` in a browser without putting it on a command line, where `ps` shows it to
 * every user: the browser gets a file only this user can read, which redirects to it.
 */
export async function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<OpenedPage> {
  const browser = [env.BROWSER, ...BROWSERS].find((b): b is string => !!b && existsSync(b)) ?? null;
  if (!browser) return { browser, dispose: async () => {} };
  // mkdtemp makes the folder 0700; the page itself is 0600.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'strata-open-'));
  const page = path.join(dir, 'open-strata.html');
  const target = JSON.stringify(url).replaceAll('<', '\\u003c');
  await writeFile(
    page,
    '<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">' +
      `<title>Opening Strata…</title><script>location.replace(${target})</script>\n`,
    { mode: 0o600 },
  );
  spawn(browser, [pathToFileURL(page).href], { detached: true, stdio: 'ignore' }).unref();
  return { browser, dispose: () => rm(dir, { recursive: true, force: true }) };
}
