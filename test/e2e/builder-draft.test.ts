import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editorText, retype } from './support/keyboard';
import { openView } from './support/steps';
import type { Page } from 'playwright-core';
import { useWebApp } from './support/webApp';

/** The draft on disk, once the autosave wrote it: what the next page or the next start reads. */
async function draftOnDisk(home: string): Promise<string> {
  return readFile(draftFile(home), 'utf8').catch(() => '');
}

function draftFile(home: string): string {
  return path.join(home, 'workspace', 'builder.json');
}

describe('Builder: the stack being built outlives the page and the app', () => {
  const app = useWebApp({ viewport: { width: 1440, height: 900 } });

  it("takes every key typed into the stack's Name at once after the Builder is first opened", async () => {
    const page = app.page;
    // No wait between the click on the view and the typing: the Builder's chunk loads meanwhile.
    await openView(page, 'Builder');
    const name = page.getByTestId('properties').getByLabel('Name');
    await retype(name, 'Seminar cluster 2026');
    await expect(name.inputValue()).resolves.toBe('Seminar cluster 2026');
    await name.press('Enter');
    const yaml = page.getByTestId('yaml-editor');
    await expect.poll(() => editorText(yaml), { timeout: 30_000 }).toContain('name: Seminar cluster 2026');
    await expect.poll(() => draftOnDisk(app.home), { timeout: 30_000 }).toContain('Seminar cluster 2026');
  });

  it('keeps an unsaved stack across a reload and a restart of Strata', { timeout: 180_000 }, async () => {
    let page = app.page;
    await page.getByRole('button', { name: 'Presets ▾' }).click();
    await page.getByRole('menuitem', { name: /VMware on VMware/ }).click();
    await page.getByTestId('layer-vmware2').waitFor();
    await expect.poll(() => draftOnDisk(app.home), { timeout: 30_000 }).toContain('vmware2');

    await page.reload();
    await openView(page, 'Builder');
    await page.getByTestId('layer-vmware2').waitFor({ timeout: 30_000 });

    // A layer deleted with the keyboard, never saved to a file, then the app stops.
    await page.getByTestId('layer-vmware2').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('layer-vmware2').count()).toBe(0);
    await expect.poll(() => draftOnDisk(app.home), { timeout: 30_000 }).not.toContain('vmware2');

    await app.restart();
    page = app.page;
    await openView(page, 'Builder');
    await page.getByTestId('layer-vmware').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('layer-vmware2').count()).toBe(0);
    await app.screenshot('builder-draft-after-restart');
  });

  it('says when the earlier stack could not be read, and where its copy was kept', { timeout: 180_000 }, async () => {
    await writeFile(draftFile(app.home), '{"text": "name: half-written');
    await app.restart();
    const page = app.page;
    await openView(page, 'Builder');
    const notice = page.getByRole('alert', { name: 'Earlier stack not restored' });
    await notice.waitFor({ timeout: 30_000 });
    const said = await notice.innerText();
    expect(said).toContain('Your earlier Builder stack could not be read');
    expect(said).toContain('it is not valid JSON');
    const kept = /\S*builder\.json\.corrupt-[\w-]+/.exec(said)?.[0];
    expect(kept, said).toBeDefined();
    expect(path.dirname(kept!)).toBe(path.join(app.home, 'workspace'));
    // The unreadable copy is there, as it was, for a teacher to look at.
    await expect(readFile(kept!, 'utf8')).resolves.toBe('{"text": "name: half-written');
    // The Builder went on with a new stack.
    await page.getByTestId('layer-N1').waitFor();
    await app.screenshot('builder-draft-unreadable');

    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => notice.count()).toBe(0);
    await expect(access(draftFile(app.home)).then(() => 'there')).rejects.toThrow();
  });

  it('keeps what was typed into a field without Enter across a reload and a closed tab', { timeout: 180_000 }, async () => {
    const page = app.page;
    await openView(page, 'Builder');
    await page.getByTestId('layer-N1').waitFor();
    // The stack's Name, typed and never entered: the page reloads at once, before the typing pause commits it.
    await retype(page.getByTestId('properties').getByLabel('Name'), 'Typed, never entered');
    await page.reload();
    await openView(page, 'Builder');
    const name = page.getByTestId('properties').getByLabel('Name');
    await expect.poll(() => name.inputValue(), { timeout: 30_000 }).toBe('Typed, never entered');

    // A layer's field typed without Enter in another tab, closed once the typing pause committed it.
    const tab = await app.browser.newPage();
    await tab.goto(app.url);
    await openView(tab, 'Builder');
    await tab.getByTestId('layer-N1').click();
    await retype(tab.getByTestId('properties').getByLabel('CPUs'), '6');
    await expect.poll(() => draftOnDisk(app.home), { timeout: 30_000 }).toContain('cpus: 6');
    await tab.close();
    await page.reload();
    await openView(page, 'Builder');
    await page.getByTestId('layer-N1').click();
    await expect.poll(() => page.getByTestId('properties').getByLabel('CPUs').inputValue(), { timeout: 30_000 }).toBe('6');
    await app.screenshot('builder-draft-typed-kept');
  });

  it('keeps the stack of the tab edited last when two tabs are open on the same draft', { timeout: 180_000 }, async () => {
    const one = await app.browser.newPage();
    await one.goto(app.url);
    const two = await app.browser.newPage();
    await two.goto(app.url);
    for (const page of [one, two]) {
      await openView(page, 'Builder');
      await page.getByTestId('layer-N1').waitFor();
    }
    const nameIn = (page: Page) => page.getByTestId('properties').getByLabel('Name');

    await retype(nameIn(one), 'From tab one');
    await expect.poll(() => draftOnDisk(app.home), { timeout: 30_000 }).toContain('From tab one');
    // Tab two, opened before, keeps the stack it showed until it is reloaded: tabs are not kept in step.
    expect(await nameIn(two).inputValue()).toBe('Typed, never entered');
    await retype(nameIn(two), 'From tab two');
    await expect.poll(() => draftOnDisk(app.home), { timeout: 30_000 }).toContain('From tab two');

    // Tab one goes away with nothing typed since: it writes nothing, so tab two's stack stays the draft.
    await one.close();
    await two.reload();
    await openView(two, 'Builder');
    await expect.poll(() => nameIn(two).inputValue(), { timeout: 30_000 }).toBe('From tab two');
    expect(await draftOnDisk(app.home)).toContain('From tab two');
    await two.close();
  });
});
