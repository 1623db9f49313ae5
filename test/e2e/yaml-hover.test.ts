import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { editorText } from './support/keyboard';
import { openView } from './support/steps';
import { useWebApp } from './support/webApp';

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
    const hover = page.locator('.monaco-hover:not(.hidden)');

    const cpus = await centreOf(yaml, 'cpus');
    await page.mouse.move(cpus.x, cpus.y);
    await expect.poll(() => hover.innerText().catch(() => ''), { timeout: 15_000 }).toContain('Number of CPU cores.');
    const text = await hover.innerText();
    expect(text).toContain('cpus (layer node)');
    expect(text).toContain('Default: 1.');
    await app.screenshot('yaml-hover-cpus');

    // Another key, another text: the hover follows the mouse, it is not one fixed tooltip.
    const memory = await centreOf(yaml, 'memoryMiB');
    await page.mouse.move(memory.x, memory.y);
    await expect.poll(() => hover.innerText().catch(() => ''), { timeout: 15_000 }).toContain('Memory in MiB.');
    expect(await hover.innerText()).toContain('Default: 1024.');
  });

  it('completes a key while it is typed and a value on Ctrl+Space, taken with the keyboard, and Enter after a whole word is a new line', async () => {
    const yaml = page.getByTestId('yaml-editor');
    const suggestions = page.locator('.suggest-widget.visible');
    const suggestion = (label: string): Locator => suggestions.locator('.monaco-list-row').filter({ hasText: new RegExp(`^${label}`) });
    await yaml.locator('.view-lines').click();
    await page.keyboard.press('Control+End');

    // A key, from its first letters, taken with Enter.
    await page.keyboard.type('  - { id: N7, ki');
    await suggestion('kind').first().waitFor({ timeout: 15_000 });
    await app.screenshot('yaml-completion-key');
    await page.keyboard.press('Enter');
    await expect.poll(() => editorText(yaml)).toContain('  - { id: N7, kind: ');

    // The layer kinds on Ctrl+Space, narrowed by typing, taken with Tab.
    await page.keyboard.press('Control+Space');
    await suggestion('hypervisor').waitFor({ timeout: 15_000 });
    await page.keyboard.type('no');
    await expect.poll(() => suggestions.locator('.monaco-list-row').count()).toBe(1);
    await page.keyboard.press('Tab');
    await page.keyboard.type(' }');
    await expect.poll(() => editorText(yaml)).toContain('  - { id: N7, kind: node }');
    await page.getByTestId('layer-N7').waitFor();

    // A block-style layer typed to the end of each line (Monaco keeps the indentation of the
    // line above): the list shows, and Enter after a whole word still makes the next line.
    await page.keyboard.press('Enter');
    await page.keyboard.type('- id: N8\n');
    await page.keyboard.type('  kind: node');
    await suggestion('node').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.keyboard.type('cpus: 3');
    await expect.poll(() => editorText(yaml)).toMatch(/ {2}- id: N8\n {4}kind: node\n {4}cpus: 3/);
    await page.getByTestId('layer-N8').waitFor();
    await app.screenshot('yaml-completion-done');
  });
});
