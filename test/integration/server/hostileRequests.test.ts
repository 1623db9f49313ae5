import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LESSON_STATE_MAX_BYTES } from '../../../src/api/workspaceApi';
import type { WebServer } from '../../../src/server/webServer';
import { startServerFixture, type ServerFixture } from './serverFixture';

let fixture: ServerFixture;
let server: WebServer;
let warnings: string[];

beforeAll(async () => {
  fixture = await startServerFixture({
    'lessons/01-big.md': `---\ntitle: Big outputs\nduration: 5 min\nobjectives:\n  - { id: o1, text: Read it }\n---\n# Big\n`,
  });
  ({ server, warnings } = fixture);
});

afterAll(() => fixture?.close());

/** Sends raw bytes on a fresh TCP connection and resolves with whatever comes back before the server closes it (every request here asks it to). */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(server.port, '127.0.0.1');
    let reply = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (reply += d));
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve(reply) : reject(err)));
    socket.on('close', () => resolve(reply));
    // A server that neither answers nor closes (it crashed mid-request) fails the test instead of hanging it.
    socket.setTimeout(15_000, () => socket.destroy());
    socket.on('connect', () => socket.write(request, 'latin1'));
  });
}

function upgradeRequest(target: string): string {
  const headers = [
    `GET ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${server.port}`,
    `Origin: http://127.0.0.1:${server.port}`,
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  ];
  return `${headers.join('\r\n')}\r\n\r\n`;
}

/** A real API call over a real WebSocket: the server is still up and answering. */
async function stillServes(): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
  const reply = await new Promise<Record<string, unknown>>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ t: 'call', id: 1, method: 'app.info', params: {} })));
    ws.once('message', (d) => resolve(JSON.parse(d.toString()) as Record<string, unknown>));
    ws.once('error', reject);
  });
  ws.close();
  expect(reply).toMatchObject({ ok: true, value: { name: 'Strata' } });
}

describe('requests that try to break the web server', () => {
  it('refuses odd WebSocket upgrade targets and keeps serving', async () => {
    for (const target of [
      '//',
      '//api',
      '//evil.example/api',
      '/api/../api',
      'api',
      '*',
      'http://127.0.0.1/api',
      `//?token=${server.token}`,
      '/%',
      '/api?token=%zz',
    ]) {
      const reply = await raw(upgradeRequest(target));
      expect(reply, target).toMatch(/^HTTP\/1\.1 (400|401|403|404)/);
      await stillServes();
    }
  });

  it('refuses odd HTTP targets, garbage and huge headers, and keeps serving', async () => {
    const requests = [
      'GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET //evil.example/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      `GET //?token=${server.token} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      'GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET http://127.0.0.1/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      '\x00\x01\x02 garbage \xff\r\n\r\n',
      'NOT-HTTP\r\n\r\n',
      `GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: ${'a'.repeat(200_000)}\r\n\r\n`,
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      `GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: ${'strata=1; '.repeat(1000)}\r\n\r\n`,
    ];
    for (const request of requests) {
      const reply = await raw(request);
      expect(reply, JSON.stringify(request.slice(0, 60))).toMatch(/^HTTP\/1\.1 4\d\d/);
      await stillServes();
    }
  });

  it('never logs the token a refused request carried', async () => {
    await raw(upgradeRequest(`//?token=${server.token}`));
    await raw(`GET //?token=${server.token} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    await raw(upgradeRequest(`/nowhere?token=${server.token}`));
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) expect(w).not.toContain(server.token);
  });

  it('answers a lesson save over the state limit with the "clear some cell outputs" error on an open connection', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const replies: Array<Record<string, unknown>> = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString()) as Record<string, unknown>));
    const output = 'x'.repeat(LESSON_STATE_MAX_BYTES + 1024);
    ws.send(
      JSON.stringify({
        t: 'call',
        id: 7,
        method: 'workspace.lessonState.put',
        params: { slug: '01-big', state: { cells: { c1: { output } }, objectivesMet: [] } },
      }),
    );
    const reply = await Promise.race([
      new Promise<Record<string, unknown>>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()) as Record<string, unknown>))),
      closed.then((code) => ({ closedWith: code })),
    ]);
    expect(reply).toMatchObject({ t: 'result', id: 7, ok: false, error: { code: 'limit' } });
    expect(String((reply as { error: { message: string } }).error.message)).toContain('clear some cell outputs');
    ws.send(JSON.stringify({ t: 'call', id: 8, method: 'app.info', params: {} }));
    await new Promise<void>((resolve) => ws.once('message', () => resolve()));
    expect(replies.at(-1)).toMatchObject({ id: 8, ok: true });
    ws.close();
  });
});
