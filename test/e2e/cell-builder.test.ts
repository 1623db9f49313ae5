import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { editorText, retype } from './support/keyboard';
import { settled } from './support/settled';
import { cell as cellOf, openLesson, openView } from './support/steps';
import { useWebApp } from './support/webApp';

const SLUG = '00-using-strata';

describe('a lesson stack in the builder, and results that say when they are out of date', () => {
  const app = useWebApp({ viewport: { width: 1280, height: 800 } });

  const cell = (id: string) => cellOf(app.page, id);
  const builder = (page: Page) => page.getByRole('region', { name: 'Builder' });
  const outOfDate = (scope: ReturnType<typeof cell>) => scope.getByRole('status').filter({ hasText: 'Out of date — run again' });

  it('marks a stack cell’s results out of date once the stack changes, until the next run', async () => {
    const { page } = app;
    await openLesson(page, /Using Strata/);
    const stack = cell('one-node');
    await stack.scrollIntoViewIfNeeded();
    await stack.getByRole('tab', { name: 'YAML' }).click();
    await stack.locator('.code-editor.ready').waitFor({ timeout: 30_000 });
    await stack.getByRole('button', { name: '▶ Run', exact: true }).click();
    await stack.getByTestId('stack-output').waitFor();
    await expect(outOfDate(stack).count()).resolves.toBe(0);
    // Change one figure from the keyboard: cpus 4 becomes 8.
    await stack.locator('.view-line span', { hasText: /^4$/ }).first().dblclick();
    await page.keyboard.type('8');
    await expect.poll(() => editorText(stack)).toContain('cpus: 8');
    await outOfDate(stack).waitFor();
    await stack.screenshot({ path: 'test-results/screenshots/cell-output-out-of-date.png' });
    await stack.getByRole('button', { name: '▶ Run', exact: true }).click();
    await expect.poll(() => outOfDate(stack).count()).toBe(0);
  });

  it('looks usable inside the cell at 1280×800 and 1440×900: palette wrapped, properties reachable, YAML not cut off', async () => {
    const { page } = app;
    const stack = cell('one-node');
    await stack.getByRole('tab', { name: 'Builder' }).click();
    const editor = stack.locator('.stack-editor');
    await editor.locator('.react-flow__node').first().waitFor({ timeout: 30_000 });
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 1440, height: 900 },
    ]) {
      await page.setViewportSize(viewport);
      await stack.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      // Every palette item inside the editor's width (it wraps instead of running off the edge).
      const box = (await editor.boundingBox())!;
      const items = await editor.locator('.palette-item').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
      expect(items.length).toBeGreaterThan(10);
      for (const right of items) expect(right).toBeLessThanOrEqual(box.x + box.width);
      // The YAML wraps: no line runs past the pane.
      const yaml = editor.locator('.monaco-editor').first();
      await yaml.locator('.view-lines').waitFor();
      const overflow = await yaml.evaluate((el) => {
        const pane = el.getBoundingClientRect().right;
        return Math.max(...[...el.querySelectorAll('.view-line > span')].map((s) => s.getBoundingClientRect().right)) - pane;
      });
      expect(overflow).toBeLessThanOrEqual(0);
      await editor.getByRole('tab', { name: 'Properties' }).click();
      const n1 = editor.locator('.react-flow__node').filter({ hasText: 'N1' });
      await n1.click();
      await expect(editor.getByTestId('properties').innerText()).resolves.toContain('N1');
      // The canvas refits to its new size: the screenshot waits until the layers stand still.
      await settled(n1);
      await app.screenshot(`cell-builder-${viewport.width}x${viewport.height}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('opens the cell’s stack in the full builder and saves the edit back to the cell', async () => {
    const { page } = app;
    const stack = cell('one-node');
    await stack.getByRole('button', { name: /Open in builder/ }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/builder');
    const bar = page.getByRole('region', { name: "Editing a lesson's stack" });
    await expect(bar.innerText()).resolves.toMatch(/Editing one-node from Using Strata/);
    await builder(page).locator('.react-flow__node').filter({ hasText: 'N1' }).click();
    await retype(builder(page).locator('[data-testid="properties"]').getByLabel('Id', { exact: true }), 'big');
    await page.keyboard.press('Enter');
    await expect.poll(() => editorText(builder(page).locator('.builder-side'))).toContain('id: big');
    await app.screenshot('cell-in-full-builder');

    await bar.getByRole('button', { name: 'Save to cell' }).click();
    await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toMatch(new RegExp(`^#/lessons/${SLUG}`));
    await expect(page.getByRole('region', { name: 'Lessons' }).isVisible()).resolves.toBe(true);
    // Back at the cell itself, which now holds the builder's stack.
    await expect.poll(() => stack.evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(200);
    await expect(stack.locator('.cell-subtitle').innerText()).resolves.toContain('edited');
    await stack.getByRole('tab', { name: 'YAML' }).click();
    await expect.poll(() => editorText(stack)).toContain('id: big');
    await outOfDate(stack).waitFor();
    await app.screenshot('cell-after-save-to-cell');

    // Back to lesson leaves the cell as it is.
    await stack.getByRole('button', { name: /Open in builder/ }).click();
    await builder(page).locator('.react-flow__node').filter({ hasText: 'big' }).click();
    await retype(builder(page).locator('[data-testid="properties"]').getByLabel('Id', { exact: true }), 'other');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Back to lesson' }).click();
    await expect(page.getByRole('region', { name: 'Lessons' }).isVisible()).resolves.toBe(true);
    await expect.poll(() => editorText(stack)).toContain('id: big');
    expect(await editorText(stack)).not.toContain('other');
  });

  it('reopens a stack cell in the tab the student chose, after another view and after a reload; another cell keeps its own', async () => {
    const { page } = app;
    // The cell's own tabs, not those inside its builder.
    const tabs = (scope: ReturnType<typeof cell>) => scope.getByRole('tablist', { name: /^How to edit / });
    const tab = (scope: ReturnType<typeof cell>, name: 'Builder' | 'YAML') => tabs(scope).getByRole('tab', { name, exact: true });
    const selected = (scope: ReturnType<typeof cell>) => tabs(scope).getByRole('tab', { selected: true }).innerText();
    await openLesson(page, /Using Strata/);
    const stack = cell('one-node');
    await stack.scrollIntoViewIfNeeded();
    // At 1280 px with the sidebar, a cell opens in YAML until the student chooses.
    const other = cell('typo');
    await other.scrollIntoViewIfNeeded();
    await expect.poll(() => selected(other)).toBe('YAML');
    await stack.scrollIntoViewIfNeeded();
    await tab(stack, 'Builder').click();
    await stack.locator('.stack-editor .react-flow__node').first().waitFor({ timeout: 30_000 });

    await openView(page, 'Machines');
    await openView(page, 'Lessons');
    await stack.scrollIntoViewIfNeeded();
    await expect.poll(() => selected(stack)).toBe('Builder');
    await stack.locator('.stack-editor .react-flow__node').first().waitFor({ timeout: 30_000 });

    await page.reload();
    await openLesson(page, /Using Strata/);
    await stack.scrollIntoViewIfNeeded();
    await expect.poll(() => selected(stack)).toBe('Builder');
    await stack.locator('.stack-editor .react-flow__node').first().waitFor({ timeout: 30_000 });
    await app.screenshot('cell-builder-tab-after-reload');
    await other.scrollIntoViewIfNeeded();
    await expect.poll(() => selected(other)).toBe('YAML');
    // And back: the YAML chosen is remembered too.
    await tab(stack, 'YAML').click();
    await page.reload();
    await openLesson(page, /Using Strata/);
    await stack.scrollIntoViewIfNeeded();
    await expect.poll(() => selected(stack)).toBe('YAML');
  });

  it('marks the Builder view’s run out of date once its stack changes, until the next run', async () => {
    const { page } = app;
    await openView(page, 'Builder');
    await builder(page)
      .getByRole('button', { name: /^▶ Run$/ })
      .click();
    const panel = builder(page).getByTestId('run-panel');
    await panel.waitFor({ timeout: 30_000 });
    await expect(outOfDate(panel).count()).resolves.toBe(0);
    await builder(page).locator('.react-flow__node').filter({ hasText: 'other' }).click();
    await retype(builder(page).locator('[data-testid="properties"]').getByLabel('Id', { exact: true }), 'N9');
    await page.keyboard.press('Enter');
    await outOfDate(panel).waitFor();
    await app.screenshot('builder-run-out-of-date');
    await builder(page)
      .getByRole('button', { name: /^▶ Run$/ })
      .click();
    await expect.poll(() => outOfDate(panel).count(), { timeout: 30_000 }).toBe(0);
  });
});
