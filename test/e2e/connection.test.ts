import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotDir, startWebApp, type WebApp } from './support/webApp';

describe('signing in and staying connected', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  const token = (): string => new URL(app.url).searchParams.get('token')!;

  it('takes the token from the address once: it leaves the address bar, and a reload still signs in', async () => {
    const { page } = app;
    const status = page.getByTestId('connection-status');
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('Web mode');
    expect(page.url()).not.toContain('token');
    expect(page.url()).not.toContain(token());
    await expect(page.evaluate(() => sessionStorage.getItem('strata.apiToken'))).resolves.toBe(token());
    const cookies = await app.browser.cookies();
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) expect(c.value).not.toContain(token());
    await page.reload();
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('Web mode');
    expect(page.url()).not.toContain('token');
  });

  it('a new tab signs in only from the printed address', async () => {
    const bare = await app.browser.newPage();
    try {
      await bare.goto(new URL(app.url).origin + '/');
      await bare.getByText('This tab has no access token').waitFor();
      await mkdir(screenshotDir, { recursive: true });
      await bare.screenshot({ path: path.join(screenshotDir, 'connection-no-token.png') });
      await bare.goto(app.url);
      await expect.poll(() => bare.getByTestId('connection-status').innerText(), { timeout: 30_000 }).toContain('Web mode');
      expect(bare.url()).not.toContain('token');
    } finally {
      await bare.close();
    }
  });

  it('reconnects after the connection drops, says so meanwhile, and saves the edit made while it was down', async () => {
    const { page } = app;
    // Playwright stands between the page and the server, so the test can cut the socket and hold reconnections back.
    const sockets: WebSocketRoute[] = [];
    let cut = false;
    await page.routeWebSocket(/\/api\?token=/, (ws) => {
      if (cut) return ws.close({ code: 1011, reason: 'cut by the test' });
      sockets.push(ws);
      ws.connectToServer();
    });
    await page.reload();
    const status = page.getByTestId('connection-status');
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('Web mode');
    await page
      .getByTestId('lesson-list')
      .getByRole('button', { name: /Using Strata/ })
      .click();
    const exercise = page.locator('section[data-cell-id="e-fix-typo"]');
    await exercise.locator('.code-editor.ready').waitFor({ timeout: 30_000 });
    await exercise.scrollIntoViewIfNeeded();

    cut = true;
    for (const ws of sockets) await ws.close({ code: 1011, reason: 'cut by the test' });
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('reconnecting');
    await exercise.locator('.view-line').first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' # typed while offline');
    await expect.poll(() => page.getByTestId('save-state').innerText(), { timeout: 30_000 }).toContain('reconnecting');
    await mkdir(screenshotDir, { recursive: true });
    await app.screenshot('connection-lost');

    cut = false;
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('Web mode');
    await expect.poll(() => page.getByTestId('save-state').innerText(), { timeout: 30_000 }).toBe('All work saved');
    const dir = path.join(app.home, 'workspace');
    const saved = async (): Promise<string> => {
      const files = await readdir(dir, { recursive: true });
      const texts = await Promise.all(files.filter((f) => f.includes('00-using-strata')).map((f) => readFile(path.join(dir, f), 'utf8')));
      return texts.join('\n');
    };
    await expect.poll(saved, { timeout: 30_000 }).toContain('typed while offline');
    await app.screenshot('connection-back');
  });
});
