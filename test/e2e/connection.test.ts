import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cell, connected, interruptibleConnection, openLesson } from './support/steps';
import { screenshotDir, useWebApp } from './support/webApp';

describe('signing in and staying connected', () => {
  const app = useWebApp();

  const token = (): string => new URL(app.url).searchParams.get('token')!;

  it('takes the token from the address once: it leaves the address bar, and a reload still signs in', async () => {
    const { page } = app;
    await connected(page);
    expect(page.url()).not.toContain('token');
    expect(page.url()).not.toContain(token());
    await expect(page.evaluate(() => sessionStorage.getItem('strata.apiToken'))).resolves.toBe(token());
    const cookies = await app.browser.cookies();
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) expect(c.value).not.toContain(token());
    await page.reload();
    await connected(page);
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
      await connected(bare);
      expect(bare.url()).not.toContain('token');
    } finally {
      await bare.close();
    }
  });

  it('reconnects after the connection drops, says so meanwhile, and saves the edit made while it was down', async () => {
    const { page } = app;
    const connection = await interruptibleConnection(page);
    await openLesson(page, /Using Strata/, 'e-fix-typo');
    const exercise = cell(page, 'e-fix-typo');
    await exercise.scrollIntoViewIfNeeded();

    await connection.cut();
    await exercise.locator('.view-line').first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' # typed while offline');
    await expect.poll(() => page.getByTestId('save-state').innerText(), { timeout: 30_000 }).toContain('reconnecting');
    await mkdir(screenshotDir, { recursive: true });
    await app.screenshot('connection-lost');

    await connection.restore();
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
