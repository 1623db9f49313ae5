import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openLesson } from './support/steps';
import { useWebApp } from './support/webApp';

/** The fragment of the address: where the app says the student is. */
const place = (page: Page): Promise<string> => page.evaluate(() => decodeURIComponent(location.hash));

/** How far a heading of the Docs view sits below the top of the page's scroller. */
async function headingOffset(page: Page, text: string): Promise<number> {
  const heading = page.getByRole('region', { name: 'Docs' }).getByRole('heading', { name: text, exact: true });
  await heading.waitFor();
  return heading.evaluate((el) => el.getBoundingClientRect().top - el.closest('.docs-scroller')!.getBoundingClientRect().top);
}

describe('the documentation in the app', () => {
  const app = useWebApp({ viewport: { width: 1280, height: 800 } });

  it('opens from a lesson link at the section it names, and a reload keeps it', async () => {
    const { page } = app;
    await openLesson(page, /performance evaluation the seminar planned/);
    const link = page.getByRole('region', { name: 'Lessons' }).getByRole('link', { name: /simulator.s cost model/ });
    await expect(link.getAttribute('href')).resolves.toBe('#/docs/simulator/the-cost-model');
    await link.click();

    await expect.poll(() => place(page)).toBe('#/docs/simulator/the-cost-model');
    const docs = page.getByRole('region', { name: 'Docs' });
    await expect.poll(() => docs.isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => headingOffset(page, 'The cost model')).toBeLessThan(40);
    expect(await headingOffset(page, 'The cost model')).toBeGreaterThanOrEqual(0);
    await expect.poll(() => docs.getByRole('cell', { name: 'TECHNIQUE_COST.emulation', exact: true }).isVisible(), { timeout: 30_000 }).toBe(true);
    const contents = page.getByRole('navigation', { name: 'Documentation pages' });
    await expect(contents.locator('li.active li.active').innerText()).resolves.toBe('The cost model');
    await app.screenshot('docs-from-lesson-link');

    await page.reload();
    await expect.poll(() => headingOffset(page, 'The cost model'), { timeout: 30_000 }).toBeLessThan(40);
    expect(await place(page)).toBe('#/docs/simulator/the-cost-model');
    await expect.poll(() => page.getByRole('region', { name: 'Docs' }).isVisible(), { timeout: 30_000 }).toBe(true);
  });

  it('moves between pages from the contents and from links between pages, and Back returns', async () => {
    const { page } = app;
    const contents = page.getByRole('navigation', { name: 'Documentation pages' });
    await contents.getByRole('link', { name: 'The stack format', exact: true }).click();
    await expect.poll(() => place(page)).toBe('#/docs/stack-format');
    await expect.poll(() => headingOffset(page, 'The stack format')).toBeLessThan(40);

    const docs = page.getByRole('region', { name: 'Docs' });
    await docs.getByRole('link', { name: 'the simulator’s workloads' }).click();
    await expect.poll(() => place(page)).toBe('#/docs/simulator/workloads');
    await expect.poll(() => headingOffset(page, 'Workloads')).toBeLessThan(40);
    await app.screenshot('docs-link-between-pages');

    await page.goBack();
    await expect.poll(() => place(page)).toBe('#/docs/stack-format');

    await contents.getByRole('link', { name: 'Architecture', exact: true }).click();
    await expect.poll(() => place(page)).toBe('#/docs/architecture');
    await expect(docs.locator('pre').first().innerText()).resolves.toContain('backend services (Node)');
    await app.screenshot('docs-architecture-diagram');
  });
});
