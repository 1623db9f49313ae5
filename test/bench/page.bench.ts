/**
 * Cold start of the page (issue 14): a fresh Chromium profile (no cache) opens web mode's
 * address, and the figure is the page's own clock (from navigation start) when the course's
 * first lesson can be clicked. What the home page fetched is listed by chunk, to show that
 * the editor (Monaco), the builder and the docs are not among it. Goal: interactive in
 * under 1 s.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot, startWebApp } from '../e2e/support/webApp';

const RUNS = 5;
const GOAL_MS = 1000;

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function run(): Promise<void> {
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build-if-stale.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the renderer did not build');
  const times: number[] = [];
  let fetched: Array<{ name: string; kB: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    const app = await startWebApp();
    try {
      const { page } = app;
      // Load the page a second time, as cold as the first (no HTTP cache), with a watcher
      // installed before any of its scripts: the page's CSP refuses Playwright's polling.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.clearBrowserCache');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await page.addInitScript(`(() => {
        const watch = () => {
          // The first lesson's entry in the course sidebar: the page answers a click.
          const item = document.querySelector('aside[aria-label="Course"] button.lesson-item:not([disabled])');
          if (item && item.getBoundingClientRect().height > 0) window.strataInteractiveAt = performance.now();
          else requestAnimationFrame(watch);
        };
        requestAnimationFrame(watch);
      })()`);
      await page.goto(app.url);
      let interactiveAt: number | undefined;
      for (const started = Date.now(); interactiveAt === undefined && Date.now() - started < 60_000;) {
        interactiveAt = (await page.evaluate('window.strataInteractiveAt')) as number | undefined;
        if (interactiveAt === undefined) await page.waitForTimeout(50);
      }
      if (interactiveAt === undefined) throw new Error('the course never showed a lesson');
      times.push(interactiveAt);
      // Give late fetches a moment to show: a chunk fetched after the page is up still costs the student.
      await page.waitForTimeout(1500);
      fetched = (await page.evaluate(`performance.getEntriesByType('resource')
        .filter((e) => /\\.(js|css|wasm)$/.test(new URL(e.name).pathname))
        .map((e) => ({ name: new URL(e.name).pathname.split('/').pop(), kB: Math.round((e.decodedBodySize || e.transferSize) / 1024) }))`)) as Array<{
        name: string;
        kB: number;
      }>;
    } finally {
      await app.close();
    }
  }
  const ms = median(times);
  const total = fetched.reduce((sum, f) => sum + f.kB, 0);
  const monaco = fetched.filter((f) => /editor|monaco/i.test(f.name));
  console.log(
    `home page, cold (fresh profile), median of ${RUNS}: interactive after ${ms.toFixed(0)} ms ` +
      `(goal < ${GOAL_MS} ms)${ms < GOAL_MS ? '' : ' — ABOVE GOAL'}; runs ${times.map((t) => t.toFixed(0)).join(', ')} ms`,
  );
  console.log(
    `  fetched by the home page: ${fetched.length} scripts and styles, ${total} kB decoded` +
      (monaco.length > 0 ? `, among them the editor: ${monaco.map((f) => `${f.name} ${f.kB} kB`).join(', ')}` : ', no editor chunk'),
  );
  for (const f of [...fetched].sort((a, b) => b.kB - a.kB).slice(0, 6)) console.log(`    ${String(f.kB).padStart(6)} kB  ${f.name}`);
}
