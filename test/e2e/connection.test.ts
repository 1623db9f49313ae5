import { mkdir } from 'node:fs/promises';
import path from 'node:path';
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
});
