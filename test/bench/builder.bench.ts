/**
 * The builder on a 1,000-layer stack (issue 5): mapping the stack to the canvas and
 * laying it out, with its check, in Node; then, in Debian's Chromium against the real web
 * server, the time from opening the saved stack to its layers on screen, and the frame
 * rate while panning.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseStack, stackToYaml } from '../../src/core/stack';
import { checkDocument } from '../../src/renderer/features/builder/model/stackCheck';
import { openDocument } from '../../src/renderer/features/builder/model/stackDocument';
import { layoutStack } from '../../src/renderer/features/builder/model/stackLayout';
import { stackToFlow } from '../../src/renderer/features/builder/model/stackToFlow';
import { startWebApp } from '../e2e/support/webApp';
import { generateStack } from './stackCheck.bench';

const LAYERS = 1000;
const RUNS = 9;
const PAN_MS = 3000;

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function run(): Promise<void> {
  const stack = generateStack(LAYERS);
  const text = stackToYaml(stack);
  const layers = parseStack(text).stack?.layers.length ?? 0;

  const times = { parse: [] as number[], check: [] as number[], layout: [] as number[], flow: [] as number[] };
  for (let i = 0; i <= RUNS; i++) {
    let t = performance.now();
    const doc = openDocument(text);
    const parse = performance.now() - t;
    t = performance.now();
    const check = checkDocument(doc);
    const checked = performance.now() - t;
    t = performance.now();
    const layout = layoutStack(doc.stack);
    const laidOut = performance.now() - t;
    t = performance.now();
    stackToFlow(layout, { classes: check.classes, findings: check.findings, selected: new Set(), moved: new Map() });
    const mapped = performance.now() - t;
    // The first run warms the JIT up and is not counted.
    if (i === 0) continue;
    times.parse.push(parse);
    times.check.push(checked);
    times.layout.push(laidOut);
    times.flow.push(mapped);
  }
  console.log(`${layers} layers, median of ${RUNS} runs:`);
  console.log(`  parse YAML            ${median(times.parse).toFixed(1)} ms`);
  console.log(`  check (rules, views)  ${median(times.check).toFixed(1)} ms`);
  console.log(`  layout                ${median(times.layout).toFixed(1)} ms`);
  console.log(`  map to canvas nodes   ${median(times.flow).toFixed(1)} ms`);

  await inChromium(text);
}

/** Opens the stack in the real app and measures first render and panning. */
async function inChromium(text: string): Promise<void> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'strata-bench-home-'));
  await mkdir(path.join(home, 'workspace', 'stacks'), { recursive: true });
  await writeFile(path.join(home, 'workspace', 'stacks', 'big.stack.yaml'), text);
  const app = await startWebApp({ home });
  try {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Builder', exact: true }).click();
    await page.getByTestId('layer-N1').waitFor();
    await page.getByRole('button', { name: 'Open…' }).click();
    const item = page.getByRole('button', { name: /^big/ });
    await item.waitFor();
    const started = Date.now();
    await item.click();
    await page.locator('.react-flow__node').nth(20).waitFor({ timeout: 120_000 });
    const firstRender = Date.now() - started;
    const rendered = await page.locator('.react-flow__node').count();
    console.log(`Chromium: opened ${LAYERS} layers, first render after ${firstRender} ms (${rendered} layer nodes on screen)`);

    const canvas = await page.getByTestId('builder-canvas').boundingBox();
    if (!canvas) throw new Error('no canvas');
    // Pan from a point of empty canvas, as a student drags the background. The page
    // scripts are strings: tsx would otherwise wrap their functions in a helper the page lacks.
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
    const elapsed = Date.now() - panStarted;
    const frames = (await page.evaluate('(() => { window.benchCounting = false; return window.benchFrames; })()')) as number;
    console.log(`Chromium: panning for ${(elapsed / 1000).toFixed(1)} s gave ${frames} frames, ${(frames / (elapsed / 1000)).toFixed(1)} fps (headless, software rendering)`);
  } finally {
    await app.close();
    await rm(home, { recursive: true, force: true });
  }
}
