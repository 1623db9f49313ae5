/**
 * The builder on a 1,000-layer stack. In Node: the check worker's parse and check, the
 * layout and canvas nodes the page computes, and a canvas edit written into the YAML
 * (goal ≤ 50 ms, against writing and parsing the whole file as before). Then, in Debian's
 * Chromium against the real web server: the time from opening the saved stack to its
 * layers on screen (goal < 1 s), and the frame rate while dragging the canvas, on an empty
 * stack and on the big one in the same browser run (goal ≥ 0.8× the empty canvas's), and
 * the PNG and SVG exports of the whole stack, click to download (our own goal: < 1 s).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { parseStack, stackToYaml } from '../../src/core/stack';
import { analyseStackText } from '../../src/renderer/features/builder/model/stackAnalysis';
import { applyAnalysis, editStack, openDocument } from '../../src/renderer/features/builder/model/stackDocument';
import { setLayerField } from '../../src/renderer/features/builder/model/stackEdits';
import { layoutStack } from '../../src/renderer/features/builder/model/stackLayout';
import { stackToFlow } from '../../src/renderer/features/builder/model/stackToFlow';
import { startWebApp } from '../e2e/support/webApp';
import { generateStack } from './stackCheck.bench';

const LAYERS = 1000;
const RUNS = 9;
const PAN_MS = 3000;
const GOALS = { firstRenderMs: 1000, panRatio: 0.8, editMs: 50, exportMs: 1000 };

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const value = fn();
  return [value, performance.now() - t];
}

export async function run(): Promise<void> {
  const text = stackToYaml(generateStack(LAYERS));
  const layers = parseStack(text).stack?.layers.length ?? 0;

  const times = { analysis: [] as number[], layout: [] as number[], flow: [] as number[], edit: [] as number[], whole: [] as number[] };
  for (let i = 0; i <= RUNS; i++) {
    const [analysis, analysed] = timed(() => analyseStackText(text));
    const doc = applyAnalysis(openDocument(text), 0, analysis);
    const [layout, laidOut] = timed(() => layoutStack(doc.stack));
    const [, mapped] = timed(() => stackToFlow(layout, { classes: doc.check.classes, findings: doc.check.findings, selected: new Set(), moved: new Map() }));
    const target = doc.stack.layers[Math.floor(layers / 2)]!.id;
    const [edited, edit] = timed(() => editStack(doc, (s) => setLayerField(s, target, 'memoryMiB', 1024 + i)));
    if (edited.text !== stackToYaml(edited.stack)) throw new Error('the edit wrote other YAML than the whole stack gives');
    // What an edit cost before: the whole stack written, then parsed again.
    const [, whole] = timed(() => parseStack(stackToYaml(edited.stack)));
    // The first run warms the JIT up and is not counted.
    if (i === 0) continue;
    times.analysis.push(analysed);
    times.layout.push(laidOut);
    times.flow.push(mapped);
    times.edit.push(edit);
    times.whole.push(whole);
  }
  console.log(`${layers} layers, median of ${RUNS} runs:`);
  const row = (label: string, figure: string): void => console.log(`  ${label.padEnd(52)} ${figure}`);
  row('parse, check, real/sim marks (in the check worker)', `${median(times.analysis).toFixed(1)} ms`);
  row('layout', `${median(times.layout).toFixed(1)} ms`);
  row('map to canvas nodes', `${median(times.flow).toFixed(1)} ms`);
  row(
    'canvas edit into the YAML',
    `${median(times.edit).toFixed(2)} ms (goal <= ${GOALS.editMs} ms; writing and parsing the whole file: ${median(times.whole).toFixed(1)} ms)`,
  );

  await inChromium(text);
}

/** Opens the stacks in the real app and measures first render and panning. */
async function inChromium(text: string): Promise<void> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'strata-bench-home-'));
  await mkdir(path.join(home, 'workspace', 'stacks'), { recursive: true });
  await writeFile(path.join(home, 'workspace', 'stacks', 'big.stack.yaml'), text);
  await writeFile(path.join(home, 'workspace', 'stacks', 'empty.stack.yaml'), 'name: Empty\nlayers: []\n');
  const app = await startWebApp({ home });
  try {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Builder', exact: true }).click();
    await page.getByTestId('layer-N1').waitFor();

    await open(page, /^empty/);
    await page.getByTestId('layer-N1').waitFor({ state: 'detached' });
    const empty = await pan(page);
    console.log(`Chromium: dragging the empty canvas for ${(empty.ms / 1000).toFixed(1)} s: ${empty.fps.toFixed(1)} fps (headless, software rendering)`);

    const started = await open(page, /^big/);
    await page.locator('.react-flow__node').nth(20).waitFor({ timeout: 120_000 });
    const firstRender = Date.now() - started;
    const rendered = await page.locator('.react-flow__node').count();
    console.log(
      `Chromium: opened ${LAYERS} layers, first render after ${firstRender} ms (goal < ${GOALS.firstRenderMs} ms; ${rendered} layer nodes on screen)`,
    );
    const big = await pan(page);
    const ratio = big.fps / empty.fps;
    console.log(
      `Chromium: dragging the canvas of ${LAYERS} layers for ${(big.ms / 1000).toFixed(1)} s: ${big.fps.toFixed(1)} fps, ` +
        `${ratio.toFixed(2)}x the empty canvas's (goal >= ${GOALS.panRatio}x)`,
    );
    for (const format of ['SVG', 'PNG']) {
      const download = page.waitForEvent('download', { timeout: 300_000 });
      const clicked = Date.now();
      await page.getByRole('button', { name: format, exact: true }).click();
      await download;
      console.log(`Chromium: ${format} export of all ${LAYERS} layers, click to download: ${Date.now() - clicked} ms (goal < ${GOALS.exportMs} ms)`);
    }
    await app.screenshot('bench-builder-1000');
  } finally {
    await app.close();
    await rm(home, { recursive: true, force: true });
  }
}

/** Opens a saved stack from the toolbar's Open… menu; returns when it was clicked. */
async function open(page: Page, name: RegExp): Promise<number> {
  await page.getByRole('button', { name: 'Open…' }).click();
  const item = page.getByRole('button', { name });
  await item.waitFor();
  const started = Date.now();
  await item.click();
  return started;
}

/** Drags the canvas from a point of empty background in circles, counting frames with requestAnimationFrame. */
async function pan(page: Page): Promise<{ ms: number; fps: number }> {
  const canvas = await page.getByTestId('builder-canvas').boundingBox();
  if (!canvas) throw new Error('no canvas');
  // The page scripts are strings: tsx would otherwise wrap their functions in a helper the page lacks.
  const start = (await page.evaluate(`(() => {
    for (let fy = 0.95; fy > 0.2; fy -= 0.05) {
      for (let fx = 0.3; fx < 0.7; fx += 0.05) {
        const px = ${canvas.x} + ${canvas.width} * fx;
        const py = ${canvas.y} + ${canvas.height} * fy;
        if (document.elementFromPoint(px, py)?.classList.contains('react-flow__pane')) return { x: px, y: py };
      }
    }
    return null;
  })()`)) as { x: number; y: number } | null;
  if (!start) throw new Error('no empty canvas to pan from');
  await page.evaluate(`(() => {
    window.benchFrames = 0;
    window.benchCounting = true;
    const tick = () => {
      if (!window.benchCounting) return;
      window.benchFrames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const panStarted = Date.now();
  for (let i = 0; Date.now() - panStarted < PAN_MS; i++) {
    const phase = (i % 60) / 60;
    await page.mouse.move(start.x + Math.sin(phase * 2 * Math.PI) * 200, start.y + Math.cos(phase * 2 * Math.PI) * 60);
  }
  await page.mouse.up();
  const ms = Date.now() - panStarted;
  const frames = (await page.evaluate('(() => { window.benchCounting = false; return window.benchFrames; })()')) as number;
  return { ms, fps: frames / (ms / 1000) };
}
