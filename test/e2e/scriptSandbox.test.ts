import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell as cellOf } from './support/steps';
import { useWebApp } from './support/webApp';

/** A local server on another port that records every request and WebSocket upgrade it gets. */
async function startRecorder(): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const record = (req: IncomingMessage): void => void hits.push(`${req.method ?? '?'} ${req.url ?? ''}`);
  const server = createServer((req, res) => {
    record(req);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/javascript' }).end('// recorded\n');
  });
  server.on('upgrade', (req, socket) => {
    record(req);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

/**
 * Types code into the focused Monaco editor key by key, as a student does. Escape before
 * each character that would commit an open suggestion, so what lands is what was typed.
 */
async function typeCode(page: Page, code: string): Promise<void> {
  for (const ch of code) {
    if ('.(),;'.includes(ch)) await page.keyboard.press('Escape');
    await page.keyboard.type(ch);
  }
}

describe('a script cell cannot reach the network', () => {
  const app = useWebApp({ viewport: { width: 1440, height: 960 } });
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  const seen: string[] = [];
  beforeAll(async () => {
    recorder = await startRecorder();
    // Every request the browser makes, from the page, the frame or a worker.
    app.browser.on('request', (r) => seen.push(r.url()));
  });
  afterAll(async () => {
    await new Promise((r) => recorder?.server.close(r));
  });

  it('fetch, XMLHttpRequest, WebSocket, WebSocketStream, importScripts and the prototype’s fetch all fail, to our origin and another port', async () => {
    const { page } = app;
    const own = new URL(app.url).port;
    const other = String(recorder.port);
    await page
      .getByTestId('lesson-list')
      .getByRole('button', { name: /performance evaluation/ })
      .click({ timeout: 60_000 });
    const cell = cellOf(page, 'plot-bayes');
    // Cells load their editors as they come into view.
    await cell.waitFor({ state: 'attached', timeout: 60_000 });
    await cell.scrollIntoViewIfNeeded();
    await cell
      .locator('.code-editor.ready')
      .waitFor({ timeout: 60_000 })
      .catch(async (err: unknown) => {
        await app.screenshot('script-sandbox-failed');
        throw err;
      });
    await cell.locator('.view-lines').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    const probes = [
      `const seen = []; const probe = async (name, f) => { try { await f(); seen.push(name + " reached"); } catch (e) { seen.push(name + " blocked"); } };`,
      ` await probe("fetch", () => fetch("http://127.0.0.1:${own}/probe-fetch"));`,
      ` await probe("prototype fetch own", () => WorkerGlobalScope.prototype.fetch.call(self, "http://127.0.0.1:${own}/probe-proto-own"));`,
      ` await probe("prototype fetch other", () => WorkerGlobalScope.prototype.fetch.call(self, "http://127.0.0.1:${other}/probe-proto-other"));`,
      ' await probe("xhr", () => new Promise((ok, no) => {' +
        ` const x = new XMLHttpRequest(); x.onload = ok; x.onerror = no; x.open("GET", "http://127.0.0.1:${other}/probe-xhr"); x.send(); }));`,
      ' await probe("websocket", () => new Promise((ok, no) => {' +
        ` const w = new WebSocket("ws://127.0.0.1:${other}/probe-ws"); w.onopen = ok; w.onerror = no; }));`,
      ` await probe("websocketstream own", () => new WebSocketStream("ws://127.0.0.1:${own}/probe-wss-own").opened);`,
      ` await probe("websocketstream other", () => new WebSocketStream("ws://127.0.0.1:${other}/probe-wss-other").opened);`,
      ` await probe("importScripts", () => importScripts("http://127.0.0.1:${other}/probe-import.js"));`,
      ` return seen.join(", ");`,
    ].join('');
    // Each probe reports itself below, so the run's output proves the typed script is whole;
    // the editor's rendered lines are not read back, since Monaco renders only what is in view.
    await typeCode(page, probes);

    await cell.getByRole('button', { name: /Run/ }).click();
    await expect.poll(() => cell.locator('.cell-status').innerText(), { timeout: 30_000 }).not.toBe('running');
    const out = await cell.locator('.script-output').innerText();
    expect(await cell.locator('.cell-status').innerText(), out).toBe('done');
    for (const name of [
      'fetch',
      'prototype fetch own',
      'prototype fetch other',
      'xhr',
      'websocket',
      'websocketstream own',
      'websocketstream other',
      'importScripts',
    ])
      expect(out).toContain(`${name} blocked`);
    expect(out).not.toContain('reached');
    expect(recorder.hits).toEqual([]);
    expect(seen.filter((u) => u.includes('/probe-'))).toEqual([]);
    await app.screenshot('script-sandbox');
  });
});
