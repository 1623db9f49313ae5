import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
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

describe("the builder's YAML editor documents stack keys on hover", () => {
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
});
