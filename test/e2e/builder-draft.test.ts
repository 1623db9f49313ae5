import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from './support/webApp';

/** The draft on disk, once the autosave wrote it: what the next page or the next start reads. */
async function draftOnDisk(home: string): Promise<string> {
  return readFile(path.join(home, 'workspace', 'builder.json'), 'utf8').catch(() => '');
}

describe('Builder: the stack being built outlives the page and the app', () => {
  let home: string;
  let app: WebApp | undefined;
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'strata-e2e-draft-'));
  });
  afterAll(async () => {
    await app?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('keeps an unsaved stack across a reload and a restart of Strata', { timeout: 180_000 }, async () => {
    app = await startWebApp({ home, viewport: { width: 1440, height: 900 } });
    let page = app.page;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Builder', exact: true }).click();
    await page.getByRole('button', { name: 'Presets ▾' }).click();
    await page.getByRole('menuitem', { name: /VMware on VMware/ }).click();
    await page.getByTestId('layer-vmware2').waitFor();
    await expect.poll(() => draftOnDisk(home), { timeout: 30_000 }).toContain('vmware2');

    await page.reload();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Builder', exact: true }).click();
    await page.getByTestId('layer-vmware2').waitFor({ timeout: 30_000 });

    // A layer deleted with the keyboard, never saved to a file, then the app stops.
    await page.getByTestId('layer-vmware2').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('layer-vmware2').count()).toBe(0);
    await expect.poll(() => draftOnDisk(home), { timeout: 30_000 }).not.toContain('vmware2');
    await app.close();

    app = await startWebApp({ home, viewport: { width: 1440, height: 900 } });
    page = app.page;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Builder', exact: true }).click();
    await page.getByTestId('layer-vmware').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('layer-vmware2').count()).toBe(0);
    await app.screenshot('builder-draft-after-restart');
  });
});
