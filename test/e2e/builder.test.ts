import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Download, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { retype } from './support/keyboard';
import { settled } from './support/settled';
import { openBuilder, openLesson, openView } from './support/steps';
import { useWebApp } from './support/webApp';

/**
 * Drops a palette item onto a layer (or the empty canvas at a point), as a student drags
 * it; a layer once it stands still (the canvas refits as layers appear).
 */
async function drag(page: Page, item: string, target: Locator | { x: number; y: number }): Promise<void> {
  const source = page.getByTestId(`palette-${item}`);
  if ('x' in target) {
    await source.dragTo(page.getByTestId('builder-canvas'), { targetPosition: target });
  } else {
    await settled(target);
    await source.dragTo(target);
  }
}

/** The ids of the layers an exported SVG draws. */
async function exportedLayers(download: Download): Promise<string[]> {
  const svg = await readFile((await download.path())!, 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  return [...svg.matchAll(/<g data-layer="([^"]+)">/g)].map((m) => m[1]!);
}

async function theme(page: Page): Promise<string> {
  return (await page.locator('html').getAttribute('data-theme')) ?? 'dark';
}

describe('the layer builder in web mode', () => {
  const app = useWebApp();
  let page: Page;
  beforeAll(async () => {
    page = app.page;
    await openBuilder(page);
  });

  it('builds a stack by drag and drop, shows why a wrong SSI is wrong, and fixes it', async () => {
    const canvas = page.getByTestId('builder-canvas');
    const layer = (id: string): Locator => page.getByTestId(`layer-${id}`);
    const box = await canvas.boundingBox();
    expect(box).not.toBeNull();

    // A second machine, then an OS on each: dropped on a node, an OS stands on it.
    await drag(page, 'node', { x: box!.width * 0.8, y: box!.height * 0.8 });
    await layer('N2').waitFor();
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await drag(page, 'os:linux', layer('N1'));
    await layer('os1').waitFor();
    await drag(page, 'os:linux', layer('N2'));
    await layer('os2').waitFor();
    await drag(page, 'container:lxc', layer('os1'));
    await layer('ctnr1').waitFor();
    // Monaco renders spaces as no-break spaces, and wraps a long layer line onto several.
    const yaml = (await page.getByTestId('yaml-editor').locator('.view-lines').innerText()).replace(/\u00a0/g, ' ').replace(/\n\s*/g, ' ');
    expect(yaml).toMatch(/ctnr1.*lxc.*on: os1/);

    // An SSI over a container and an OS: containers have no kernel of their own to join.
    await layer('ctnr1').click();
    await layer('os2').click({ modifiers: ['Control'] });
    await page.getByRole('button', { name: 'Join into SSI' }).click();
    await layer('ssi1').waitFor();
    await expect(layer('ssi1').locator('.badge.error').innerText()).resolves.toBe('1');
    await page.getByRole('tab', { name: /Problems/ }).click();
    const problems = page.getByTestId('problems');
    await expect(problems.innerText()).resolves.toContain('ssi-needs-own-kernel');
    await problems.getByRole('button', { name: 'Why?' }).first().click();
    await expect(problems.getByTestId('rule-explanation').first().innerText()).resolves.toMatch(/kernel/i);
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await app.screenshot('builder-violation');

    // Fix it: the SSI's members become the two OSes.
    await problems.getByText('ssi-needs-own-kernel').first().click();
    await page.getByRole('tab', { name: 'Properties' }).click();
    const properties = page.getByTestId('properties');
    await properties.getByLabel('ctnr1').uncheck();
    await properties.getByLabel('os1').check();
    await expect.poll(() => layer('ssi1').locator('.badge.error').count()).toBe(0);

    // An app on the SSI sees both machines.
    await drag(page, 'app:mrbayes', layer('ssi1'));
    await layer('app1').waitFor();
    await layer('app1').hover();
    const view = page.locator('.react-flow__node-toolbar').getByTestId('app-view');
    await view.waitFor();
    await expect(view.innerText()).resolves.toMatch(/CPUs\s+4/);
    await app.screenshot('builder-app-view');

    // Delete, then undo, from the keyboard.
    await layer('app1').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => layer('app1').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await layer('app1').waitFor();
  });

  it('refuses an id another layer holds, says why at the field, and renames once the typed id is free', async () => {
    const layer = (id: string): Locator => page.getByTestId(`layer-${id}`);
    await layer('os2').click();
    await page.getByRole('tab', { name: 'Properties' }).click();
    const id = page.getByTestId('properties').getByLabel('Id', { exact: true });
    await retype(id, 'os1');
    const problem = page.getByTestId('properties').getByRole('status');
    await expect.poll(() => problem.innerText().catch(() => '')).toBe('Another layer is called “os1”; ids are unique.');
    await expect(id.getAttribute('aria-invalid')).resolves.toBe('true');
    await app.screenshot('builder-id-taken');
    // One more key and the id is free: the layer and every reference to it follow.
    await id.press('0');
    await layer('os10').waitFor();
    await expect.poll(() => problem.count()).toBe(0);
    await expect(layer('os1').count()).resolves.toBe(1);
    await expect(page.getByTestId('properties').getByLabel('Id', { exact: true }).inputValue()).resolves.toBe('os10');
    await layer('ssi1').click();
    await expect(page.getByTestId('properties').getByLabel('os1', { exact: true }).isChecked()).resolves.toBe(true);
    await expect(page.getByTestId('properties').getByLabel('os10', { exact: true }).isChecked()).resolves.toBe(true);
    // Back to os2, as the tests after this one expect.
    await layer('os10').click();
    await retype(page.getByTestId('properties').getByLabel('Id', { exact: true }), 'os2');
    await layer('os2').waitFor();
  });

  it('runs the stack, plots CPU use and progress, and replays it on the canvas', async () => {
    await page.getByRole('button', { name: '▶ Run' }).click();
    const panel = page.getByTestId('run-panel');
    await panel.waitFor({ timeout: 60_000 });
    await expect(panel.locator('canvas').count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(panel.innerText()).resolves.toContain('app1');
    // Half way through the run, as a student clicks the timeline: the app is still computing.
    const timeline = page.getByRole('slider', { name: 'Simulated time' });
    const track = await timeline.boundingBox();
    await timeline.click({ position: { x: track!.width / 2, y: track!.height / 2 } });
    await expect.poll(() => page.getByTestId('layer-app1').locator('.layer-meter').count()).toBe(1);
    await app.screenshot(`builder-run-${await theme(page)}`);
    await page.getByRole('button', { name: 'Toggle theme' }).click();
    await app.screenshot(`builder-run-${await theme(page)}`);
  });

  it("adds scenario steps from a layer's context menu, compares two stacks, saves, opens and exports", async () => {
    await page.getByTestId('layer-N2').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Fail this node' }).click();
    await page.getByTestId('layer-N2').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Add a node like this one' }).click();
    await page.getByTestId('builder-canvas').click({ position: { x: 5, y: 5 } });
    await page.getByRole('tab', { name: 'Properties' }).click();
    const scenario = page.getByTestId('scenario-list');
    // Both steps happen at the time the replay had reached, so their order is not fixed.
    const steps = await scenario.innerText();
    expect(steps).toContain('fail N2');
    expect(steps).toContain('add-node N3, os3 → ssi1');

    await page.getByRole('button', { name: 'Compare…' }).click();
    await page.getByRole('menuitem', { name: 'Containers on top of an SSI' }).click();
    const panel = page.getByTestId('run-panel');
    await expect.poll(() => panel.locator('.run-results').count(), { timeout: 60_000 }).toBe(2);
    await expect(panel.innerText()).resolves.toContain('App4');
    await app.screenshot(`builder-compare-${await theme(page)}`);

    await page.getByRole('button', { name: 'Save' }).click();
    await retype(page.getByLabel('Save as'), 'my cluster');
    await page.getByRole('form', { name: 'Save the stack' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByText('Saved my cluster.stack.yaml').count()).toBe(1);
    await page.getByRole('button', { name: 'Open…' }).click();
    await page
      .getByRole('dialog', { name: 'Open a saved stack' })
      .getByRole('button', { name: /my cluster/ })
      .waitFor();
    await page.getByRole('button', { name: 'Open…' }).click();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'PNG', exact: true }).click();
    expect((await download).suggestedFilename()).toBe('my-stack.png');
    const png = await readFile((await (await download).path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // At least the 960 px a slide needs, at twice the pixels.
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1920);
    const svg = page.waitForEvent('download');
    await page.getByRole('button', { name: 'SVG', exact: true }).click();
    expect((await svg).suggestedFilename()).toBe('my-stack.svg');
    const drawn = await exportedLayers(await svg);
    const onCanvas = await page
      .locator('.react-flow__node [data-testid^="layer-"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.slice(6)));
    expect(drawn.sort()).toEqual(onCanvas.sort());
  });

  it('exports every layer of a stack too large to mount whole, with its labels', async () => {
    const layers = ['name: Large', 'layers:'];
    for (let n = 0; n < 100; n++) {
      layers.push(`  - { id: node${n}, kind: node, cpus: 4, memoryMiB: 8192 }`, `  - { id: kvm${n}, kind: hypervisor, product: kvm, on: node${n} }`);
      layers.push(`  - { id: vm${n}, kind: vm, vcpus: 1, memoryMiB: 1024, on: kvm${n} }`, `  - { id: os${n}, kind: os, product: linux, on: vm${n} }`);
    }
    await mkdir(path.join(app.home, 'workspace', 'stacks'), { recursive: true });
    await writeFile(path.join(app.home, 'workspace', 'stacks', 'large.stack.yaml'), layers.join('\n') + '\n');
    await page.getByRole('button', { name: 'Open…' }).click();
    await page
      .getByRole('dialog', { name: 'Open a saved stack' })
      .getByRole('button', { name: /^large/ })
      .click();
    await page.getByTestId('layer-node0').waitFor();
    // Zoomed in, with most layers off screen: past 300 layers the canvas mounts only those near it.
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Zoom In' }).click();
    await expect.poll(() => page.locator('.react-flow__node').count(), { timeout: 10_000 }).toBeLessThan(400);
    const svg = page.waitForEvent('download');
    await page.getByRole('button', { name: 'SVG', exact: true }).click();
    const drawn = await exportedLayers(await svg);
    expect(drawn).toHaveLength(400);
    expect(drawn).toContain('os99');
    expect(await readFile((await (await svg).path())!, 'utf8')).toContain('>1 vCPU · 1 GiB</text>');
  });

  it('opens a seminar preset in one click and shows the finding it exists for', async () => {
    await page.getByRole('button', { name: 'Presets ▾' }).click();
    await page.getByRole('menuitem', { name: /VMware on VMware/ }).click();
    await page.getByTestId('layer-vmware2').waitFor();
    await expect(page.locator('.layer-node .badge.error').count()).resolves.toBeGreaterThan(0);
    await page.getByRole('tab', { name: /Problems/ }).click();
    await expect(page.getByTestId('problems').innerText()).resolves.toContain('bt-in-bt');
    await app.screenshot(`builder-preset-${await theme(page)}`);
    await page.getByRole('button', { name: 'Presets ▾' }).click();
    await page.getByRole('menuitem', { name: /Containers on top of an SSI/ }).click();
    await page.getByTestId('layer-App4').waitFor();
    await page.getByRole('button', { name: 'Toggle theme' }).click();
    await app.screenshot(`builder-preset-${await theme(page)}`);
  });

  it("embeds the same builder in a lesson's stack cell", async () => {
    await openView(page, 'Lessons');
    await openLesson(page, /Containers on top of an SSI/);
    // The notebook mounts a cell's builder when the cell comes near the screen.
    const cell = page.locator('.stack-source').first();
    await cell.scrollIntoViewIfNeeded();
    await cell.getByRole('tab', { name: 'Builder' }).click();
    const editor = page.locator('.stack-editor').first();
    await editor.scrollIntoViewIfNeeded();
    await editor.locator('.layer-node').first().waitFor();
    await expect(editor.locator('.layer-node').count()).resolves.toBeGreaterThan(3);
    await app.screenshot(`builder-embedded-${await theme(page)}`);
  });
});
