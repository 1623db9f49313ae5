import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openLesson, openView } from './support/steps';
import { useWebApp } from './support/webApp';

const LESSON = '01-virtualization-technologies';

/** The fragment of the address: where the app says the student is. */
const place = (page: Page): Promise<string> => page.evaluate(() => decodeURIComponent(location.hash));

/** How far a heading sits below the top of the lessons view (it is "at" the top within the sticky toolbar's height). */
async function headingOffset(page: Page, text: string): Promise<number> {
  const heading = page.getByRole('heading', { name: text, exact: true });
  await heading.waitFor();
  return heading.evaluate((el) => el.getBoundingClientRect().top - el.closest('.view')!.getBoundingClientRect().top);
}

describe('the address keeps the place', () => {
  const app = useWebApp({ viewport: { width: 1280, height: 800 } });

  it('reopens the same lesson and section after a reload', async () => {
    const { page } = app;
    await openLesson(page, /Virtualization technologies/);
    await expect.poll(() => place(page)).toBe(`#/lessons/${LESSON}`);
    const toc = page.getByRole('navigation', { name: 'Contents of this lesson' });
    await toc.getByRole('link', { name: '4. Containers: one kernel, many rooms' }).click();
    await expect.poll(() => place(page)).toBe(`#/lessons/${LESSON}/4-containers-one-kernel-many-rooms`);
    await expect.poll(() => headingOffset(page, '4. Containers: one kernel, many rooms')).toBeLessThan(100);

    await page.reload();
    await expect.poll(() => headingOffset(page, '4. Containers: one kernel, many rooms'), { timeout: 30_000 }).toBeLessThan(100);
    expect(await headingOffset(page, '4. Containers: one kernel, many rooms')).toBeGreaterThanOrEqual(0);
    expect(await place(page)).toBe(`#/lessons/${LESSON}/4-containers-one-kernel-many-rooms`);
    await expect.poll(() => page.getByRole('region', { name: 'Lessons' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect(toc.locator('li.active').innerText()).resolves.toBe('4. Containers: one kernel, many rooms');
    await app.screenshot('place-lesson-section-after-reload');
  });

  it('follows the reading: scrolling on with the mouse wheel names the section reached', async () => {
    const { page } = app;
    const view = page.getByRole('region', { name: 'Lessons' });
    const box = (await view.boundingBox())!;
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
    for (let i = 0; i < 40 && (await headingOffset(page, '5. Real: a guest, a CPU loop, a container')) > 60; i++) await page.mouse.wheel(0, 150);
    await expect.poll(() => place(page)).toBe(`#/lessons/${LESSON}/5-real-a-guest-a-cpu-loop-a-container`);
    await page.reload();
    await expect.poll(() => headingOffset(page, '5. Real: a guest, a CPU loop, a container'), { timeout: 30_000 }).toBeLessThan(100);
  });

  it('keeps the builder across a reload, and Back and Forward move between places', async () => {
    const { page } = app;
    await openView(page, 'Builder');
    await expect.poll(() => place(page)).toBe('#/builder');
    await page.reload();
    await page.getByRole('region', { name: 'Builder' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Builder' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect(page.getByRole('region', { name: 'Lessons' }).isVisible()).resolves.toBe(false);
    await app.screenshot('place-builder-after-reload');

    // Ctrl+3 from the keyboard, then the sidebar's lesson 00: two more places in the history.
    await page.getByRole('region', { name: 'Builder' }).click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+3');
    await expect.poll(() => place(page)).toBe('#/machines');
    await openLesson(page, /Using Strata/);
    await expect.poll(() => place(page)).toBe('#/lessons/00-using-strata');

    await page.goBack();
    await expect.poll(() => place(page)).toBe('#/machines');
    await expect.poll(() => page.getByRole('region', { name: 'Machines' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await page.goBack();
    await expect.poll(() => place(page)).toBe('#/builder');
    await expect.poll(() => page.getByRole('region', { name: 'Builder' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await page.goBack();
    await expect.poll(() => place(page)).toBe(`#/lessons/${LESSON}/5-real-a-guest-a-cpu-loop-a-container`);
    await expect.poll(() => page.getByRole('region', { name: 'Lessons' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => headingOffset(page, '5. Real: a guest, a CPU loop, a container')).toBeLessThan(100);
    await page.goForward();
    await page.goForward();
    await page.goForward();
    await expect.poll(() => place(page)).toBe('#/lessons/00-using-strata');
    await expect.poll(() => page.getByRole('heading', { name: 'Using Strata', exact: true }).isVisible(), { timeout: 30_000 }).toBe(true);
    await app.screenshot('place-after-forward');
  });
});
