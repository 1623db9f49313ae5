import { describe, expect, it } from 'vitest';
import { openLesson, openView } from './support/steps';
import { useWebApp } from './support/webApp';

describe('the app shell in web mode', () => {
  const app = useWebApp();

  it('lists the lessons of lessons/ by their front-matter titles', async () => {
    const { page } = app;
    const list = page.getByTestId('lesson-list');
    await list.getByRole('button').first().waitFor();
    const items = await list.getByRole('button').allInnerTexts();
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(items.join('\n')).toContain('Using Strata');
    await expect(page.getByTestId('connection-status').innerText()).resolves.toContain('Web mode');
    await app.screenshot('shell');
  });

  it('switches places and themes, and keeps the theme across a reload', async () => {
    const { page } = app;
    await openView(page, 'Builder');
    await expect(page.getByRole('region', { name: 'Builder' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('region', { name: 'Lessons' }).isVisible()).resolves.toBe(false);
    await openView(page, 'Lessons');
    const before = await page.locator('html').getAttribute('data-theme');
    const other = before === 'dark' ? 'light' : 'dark';
    await page.getByRole('button', { name: 'Toggle theme' }).click();
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe(other);
    await page.reload();
    await page.getByTestId('lesson-list').getByRole('button').first().waitFor();
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe(other);
    await app.screenshot(`shell-${other}`);
  });

  it('shows a lesson image from assets/lessons inside the notebook', async () => {
    const { page } = app;
    await openLesson(page, /Virtualization technologies/);
    const img = page.locator('img[src*="assets/lessons/01/type1-type2.svg"]');
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    await app.screenshot('lesson-image');
  });
});
