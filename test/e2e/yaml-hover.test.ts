import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { editorText, typeOnNewLastLine } from './support/keyboard';
import { cell, openLesson, openView } from './support/steps';
import { useWebApp, type SharedWebApp } from './support/webApp';

/** The middle of the first `word` Monaco shows in an editor, in page coordinates. */
async function centreOf(editor: Locator, word: string): Promise<{ x: number; y: number }> {
  const box = await editor.locator('.view-lines').evaluate((lines, w) => {
    const walker = document.createTreeWalker(lines, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(w) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + w.length);
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }
    return null;
  }, word);
  if (!box) throw new Error(`the editor shows no "${word}"`);
  return box;
}

/**
 * Rests the mouse on `word` until Monaco's hover says `expected`, and returns what it says.
 * Each try aims at where the word is now, as a student's hand follows text that moved
 * (the panels settle while the Builder opens), rather than at where it was once.
 */
async function hoverText(page: Page, editor: Locator, word: string, expected: string): Promise<string> {
  const hover = page.locator('.monaco-hover:not(.hidden)');
  await expect
    .poll(
      async () => {
        const at = await centreOf(editor, word);
        await page.mouse.move(at.x, at.y);
        return hover.innerText({ timeout: 1000 }).catch(() => '');
      },
      { timeout: 30_000, interval: 1000 },
    )
    .toContain(expected);
  return hover.innerText();
}

const suggestions = (page: Page): Locator => page.locator('.suggest-widget.visible');
const suggestion = (page: Page, label: string): Locator =>
  suggestions(page)
    .locator('.monaco-list-row')
    .filter({ hasText: new RegExp(`^${label}`) });

/**
 * Types a node layer at the cursor with the stack's completions: `kind` from its first
 * letters, taken with Enter (Ctrl+Z then takes back the suggestion alone, as in VS Code,
 * and Ctrl+Shift+Z brings it again), then the layer kinds on Ctrl+Space, narrowed by
 * typing, taken with Tab.
 */
async function completeNode(app: SharedWebApp, editor: Locator, id: string, shot: string): Promise<void> {
  const { page } = app;
  await page.keyboard.type(`- { id: ${id}, ki`);
  await suggestion(page, 'kind').first().waitFor({ timeout: 15_000 });
  await app.screenshot(shot);
  await page.keyboard.press('Enter');
  await expect.poll(() => editorText(editor)).toContain(`  - { id: ${id}, kind: `);
  await page.keyboard.press('Control+z');
  // The closing brace is there when the editor closed the one typed (the Builder's does).
  await expect.poll(() => editorText(editor)).toMatch(new RegExp(`^ {2}- \\{ id: ${id}, ki\\}?$`, 'm'));
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => editorText(editor)).toContain(`  - { id: ${id}, kind: `);

  await page.keyboard.press('Control+Space');
  await suggestion(page, 'hypervisor').waitFor({ timeout: 15_000 });
  await page.keyboard.type('no');
  await expect.poll(() => suggestions(page).locator('.monaco-list-row').count()).toBe(1);
  await page.keyboard.press('Tab');
  await page.keyboard.type(' }');
  await expect.poll(() => editorText(editor)).toContain(`  - { id: ${id}, kind: node }`);
}

describe("the builder's YAML editor documents and completes stack keys from the stack schema", () => {
  const app = useWebApp({ viewport: { width: 1440, height: 960 } });
  let page: Page;
  beforeAll(() => {
    page = app.page;
  });

  it("shows a key's description, kind and default from the stack schema under the mouse", async () => {
    await openView(page, 'Builder');
    const yaml = page.getByTestId('yaml-editor');
    await yaml.locator('.view-lines').getByText('cpus').first().waitFor();

    const text = await hoverText(page, yaml, 'cpus', 'Number of CPU cores.');
    expect(text).toContain('cpus (layer node)');
    expect(text).toContain('Default: 1.');
    await app.screenshot('yaml-hover-cpus');

    // Another key, another text: the hover follows the mouse, it is not one fixed tooltip.
    expect(await hoverText(page, yaml, 'memoryMiB', 'Memory in MiB.')).toContain('Default: 1024.');
  });

  it('completes a key while it is typed and a value on Ctrl+Space, taken with the keyboard, and Enter after a whole word is a new line', async () => {
    const yaml = page.getByTestId('yaml-editor');
    await yaml.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('  ');
    await completeNode(app, yaml, 'N7', 'yaml-completion-key');
    await page.getByTestId('layer-N7').waitFor();

    // A block-style layer typed to the end of each line (Monaco keeps the indentation of the
    // line above): the list shows, and Enter after a whole word still makes the next line.
    await page.keyboard.press('Enter');
    await page.keyboard.type('- id: N8\n');
    await page.keyboard.type('  kind: node');
    await suggestion(page, 'node').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.keyboard.type('cpus: 3');
    await expect.poll(() => editorText(yaml)).toMatch(/ {2}- id: N8\n {4}kind: node\n {4}cpus: 3/);
    await page.getByTestId('layer-N8').waitFor();
    await app.screenshot('yaml-completion-done');
  });
});

describe("a lesson's stack cell is the Builder's stack editor: completion, hovers and findings", () => {
  const app = useWebApp({ viewport: { width: 1440, height: 960 } });
  /** The YAML tab of a stack cell, once its editor can be typed into. */
  async function stackYaml(page: Page, id: string): Promise<Locator> {
    const stack = cell(page, id);
    await stack.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await stack.getByRole('tab', { name: 'YAML' }).click();
    const editor = stack.locator('.code-editor.ready');
    await editor.waitFor({ timeout: 30_000 });
    return editor;
  }

  it('documents a key under the mouse, completes keys and values, and underlines a finding at its line', async () => {
    const { page } = app;
    await openLesson(page, /Using Strata/);
    const yaml = await stackYaml(page, 'one-node');

    expect(await hoverText(page, yaml, 'cpus', 'Number of CPU cores.')).toContain('cpus (layer node)');
    await app.screenshot('cell-yaml-hover-cpus');

    await typeOnNewLastLine(page, yaml, '');
    await completeNode(app, yaml, 'N2', 'cell-yaml-completion-key');

    // A figure that is not a number: the checker's error is underlined on line 8, at the word.
    await typeOnNewLastLine(page, yaml, '- { id: N3, kind: node, cpus: many }');
    await page.keyboard.press('Escape');
    await expect.poll(() => editorText(yaml)).toContain('  - { id: N3, kind: node, cpus: many }');
    const squiggle = yaml.locator('.squiggly-error');
    await squiggle.waitFor({ timeout: 15_000 });
    const line8 = yaml.locator('.view-line', { hasText: 'cpus: many' });
    await line8.scrollIntoViewIfNeeded();
    const [mark, line] = await Promise.all([squiggle.boundingBox(), line8.boundingBox()]);
    const many = await centreOf(yaml, 'many');
    expect(Math.abs(mark!.y - line!.y)).toBeLessThan(2);
    expect(mark!.x).toBeLessThan(many.x);
    expect(mark!.x + mark!.width).toBeGreaterThan(many.x);
    await hoverText(page, yaml, 'many', '"cpus" must be a number, not the text "many"');
    await app.screenshot('cell-yaml-finding');
  });

  it('keeps the edited cell across a reload, with its finding underlined again', async () => {
    const { page } = app;
    await page.getByTestId('save-state').filter({ hasText: 'All work saved' }).waitFor();
    await page.reload();
    await page.getByTestId('lesson-list').waitFor();
    await openLesson(page, /Using Strata/);
    const yaml = await stackYaml(page, 'one-node');
    await expect.poll(() => editorText(yaml), { timeout: 10_000 }).toMatch(/ {2}- \{ id: N2, kind: node \}\n {2}- \{ id: N3, kind: node, cpus: many \}/);
    await yaml.locator('.squiggly-error').waitFor({ timeout: 15_000 });
  });

  it('offers no stack keys in a scenario cell or a script cell', async () => {
    const { page } = app;
    // Ctrl+Space, which lists the stack's keys in a stack cell (above), has nothing to offer here.
    const noSuggestions = async (id: string, text: string): Promise<void> => {
      await cell(page, id).evaluate((el) => el.scrollIntoView({ block: 'center' }));
      const editor = cell(page, id).locator('.code-editor.ready');
      await editor.waitFor({ timeout: 30_000 });
      await typeOnNewLastLine(page, editor, text);
      await page.keyboard.press('Control+Space');
      await suggestions(page).filter({ hasText: 'No suggestions.' }).waitFor({ timeout: 15_000 });
      expect(await suggestions(page).locator('.monaco-list-row').count()).toBe(0);
      await page.keyboard.press('Escape');
    };
    await noSuggestions('pull-the-plug', 'ki');
    await app.screenshot('cell-scenario-no-stack-keys');

    await openLesson(page, /performance evaluation/i);
    await noSuggestions('plot-bayes', 'ki');
    await app.screenshot('cell-script-no-stack-keys');
  });
});
