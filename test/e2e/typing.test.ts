import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { editorText, retype, typeOnNewLastLine } from './support/keyboard';
import { cell as cellOf, openBuilder, openLesson, openView } from './support/steps';
import { useWebApp } from './support/webApp';

/** A line of text with spaces, typed key by key into every kind of editor. */
const TYPED = '# hello world';

/** The canvas's pan and zoom, from the transform of xyflow's viewport. */
async function viewport(page: Page): Promise<{ x: number; y: number; zoom: number }> {
  const transform = await page.getByTestId('builder-canvas').locator('.react-flow__viewport').getAttribute('style');
  const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([-\d.]+)\)/.exec(transform ?? '');
  if (!m) throw new Error(`no viewport transform in ${transform}`);
  return { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]) };
}

describe('typing into every editor and field', () => {
  const app = useWebApp({ viewport: { width: 1440, height: 960 } });
  let page: Page;
  beforeAll(() => {
    page = app.page;
  });

  const cell = (id: string): Locator => cellOf(page, id);

  async function openLessonAt(title: RegExp, firstEditorCell: string): Promise<void> {
    await openView(page, 'Lessons');
    await openLesson(page, title, firstEditorCell);
  }

  it("keeps typed spaces in the builder's YAML panel and its properties", async () => {
    await openBuilder(page);
    const yaml = page.getByTestId('yaml-editor');
    await typeOnNewLastLine(page, yaml, TYPED);
    await expect.poll(() => editorText(yaml), { timeout: 10_000 }).toContain(TYPED);

    await page
      .getByTestId('builder-canvas')
      .locator('.react-flow__pane')
      .click({ position: { x: 40, y: 40 } });
    await page.getByRole('tab', { name: 'Properties' }).click();
    const name = page.getByTestId('properties').getByLabel('Name');
    await retype(name, 'My big cluster');
    await name.press('Enter');
    await expect.poll(() => editorText(yaml)).toContain('name: My big cluster');
    await app.screenshot('typing-builder');
  });

  it('keeps the toolbar on one line with a long stack name, shortened, the whole name in its title', async () => {
    const long = 'A very long stack name for the seminar cluster with three SSIs and nested hypervisors';
    await page.setViewportSize({ width: 1280, height: 800 });
    const name = page.getByTestId('properties').getByLabel('Name');
    await retype(name, long);
    await name.press('Enter');
    const toolbar = page.getByRole('toolbar', { name: 'Builder' });
    const shown = toolbar.locator('.stack-name');
    await expect.poll(() => shown.getAttribute('title')).toBe(long);
    const run = await toolbar.getByRole('button', { name: '▶ Run' }).boundingBox();
    const bar = await toolbar.boundingBox();
    expect(bar!.height).toBeLessThan(2 * run!.height);
    expect(await shown.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await app.screenshot('typing-builder-long-name');
    await page.setViewportSize({ width: 1440, height: 960 });
  });

  it('still pans the canvas with Space held while the canvas has the focus', async () => {
    const canvas = page.getByTestId('builder-canvas');
    await canvas.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('builder-canvas');
    const before = await viewport(page);
    await page.keyboard.down('Space');
    await page.mouse.wheel(0, 200);
    await expect.poll(async () => (await viewport(page)).y).not.toBe(before.y);
    await page.keyboard.up('Space');
    // With Space held the wheel pans: the zoom stays.
    expect((await viewport(page)).zoom).toBe(before.zoom);
  });

  it('keeps one undo history for the YAML panel, the canvas and the toolbar', async () => {
    await openView(page, 'Builder');
    const yaml = page.getByTestId('yaml-editor');
    const layer = page.getByTestId('layer-N9');
    const toolbar = (name: string): Locator => page.getByRole('button', { name, exact: true });
    const before = await editorText(yaml);

    // Typed in the YAML, undone there in one step, and redone.
    await typeOnNewLastLine(page, yaml, '  - { id: N9, kind: node }');
    await layer.waitFor();
    await page.keyboard.press('Control+z');
    await expect.poll(() => editorText(yaml)).toBe(before);
    await expect.poll(() => layer.count()).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await layer.waitFor();
    await expect.poll(() => editorText(yaml), { timeout: 10_000 }).toContain('- { id: N9, kind: node }');

    // Deleted on the canvas, brought back by the toolbar.
    await layer.click();
    await page.keyboard.press('Delete');
    await expect.poll(() => layer.count()).toBe(0);
    await toolbar('Undo').click();
    await layer.waitFor();

    // Mixed: Ctrl+Z in the YAML goes on from the toolbar's undo; the canvas and the toolbar redo both steps.
    await yaml.locator('.view-lines').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => editorText(yaml)).toBe(before);
    await page
      .getByTestId('builder-canvas')
      .locator('.react-flow__pane')
      .click({ position: { x: 40, y: 40 } });
    await page.keyboard.press('Control+Shift+z');
    await layer.waitFor();
    await toolbar('Redo').click();
    await expect.poll(() => layer.count()).toBe(0);
    await expect(toolbar('Redo').isDisabled()).resolves.toBe(true);
    await app.screenshot('typing-builder-undo');

    // A field typed with a pause that committed half of it: the toolbar's Undo takes back the whole edit.
    const name = page.getByTestId('properties').getByLabel('Name');
    const oldName = await name.inputValue();
    await retype(name, 'Half');
    await expect.poll(() => editorText(yaml)).toContain('name: Half');
    await name.pressSequentially(' and whole');
    await name.press('Enter');
    await expect.poll(() => editorText(yaml)).toContain('name: Half and whole');
    await toolbar('Undo').click();
    await expect.poll(() => name.inputValue()).toBe(oldName);
    await expect.poll(() => editorText(yaml)).not.toContain('Half');
  });

  it("keeps typed spaces in a lesson's stack, builder, scenario and exercise cells and its search", async () => {
    await openLessonAt(/Using Strata/, 'one-node');
    for (const id of ['one-node', 'pull-the-plug', 'e-fix-typo']) {
      const editor = cell(id).locator('.code-editor');
      await editor.scrollIntoViewIfNeeded();
      await typeOnNewLastLine(page, editor, TYPED);
      await expect.poll(() => editorText(editor), { timeout: 10_000 }).toContain(TYPED);
    }

    // The builder inside a stack cell has a YAML pane of its own.
    const stack = cell('one-node');
    await stack.getByRole('tab', { name: 'Builder' }).click();
    const yaml = stack.getByTestId('yaml-editor');
    await yaml.locator('.view-lines').waitFor({ timeout: 30_000 });
    await typeOnNewLastLine(page, yaml, '# in the builder');
    await expect.poll(() => editorText(yaml), { timeout: 10_000 }).toContain('# in the builder');
    await stack.screenshot({ path: 'test-results/screenshots/typing-stack-cell-builder.png' });

    const search = page.getByRole('searchbox', { name: 'Search this lesson' });
    await retype(search, 'stack cell');
    await expect(search.inputValue()).resolves.toBe('stack cell');
    await expect(page.locator('.lesson-search-count').innerText()).resolves.toMatch(/^1 \/ \d+$/);
    await retype(search, '');

    // In presentation mode Space moves to the next slide, except when typed into an editor.
    await page.getByRole('button', { name: /Present/ }).click();
    const presentation = page.getByTestId('presentation');
    await presentation.waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(presentation.locator('.presentation-section').innerText()).resolves.toBe('A stack cell');
    const count = await presentation.locator('.presentation-count').innerText();
    const slideEditor = presentation.locator('.monaco-editor').first();
    await slideEditor.locator('.view-lines').waitFor({ timeout: 30_000 });
    await typeOnNewLastLine(page, slideEditor, '# on a slide');
    await expect.poll(() => editorText(slideEditor), { timeout: 10_000 }).toContain('# on a slide');
    await expect(presentation.locator('.presentation-count').innerText()).resolves.toBe(count);
    await app.screenshot('typing-presentation');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Space');
    await expect.poll(() => presentation.locator('.presentation-count').innerText()).not.toBe(count);
    await page.keyboard.press('Escape');
    await expect(presentation.count()).resolves.toBe(0);
  });

  it('keeps typed spaces in a script cell', async () => {
    await openLessonAt(/performance evaluation/i, 'plot-bayes');
    const editor = cell('plot-bayes').locator('.code-editor');
    await editor.scrollIntoViewIfNeeded();
    await typeOnNewLastLine(page, editor, '// hello world');
    await expect.poll(() => editorText(editor), { timeout: 10_000 }).toContain('// hello world');
  });
});
