import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WebServer } from '../../../src/server/webServer';
import { startServerFixture, type ServerFixture } from './serverFixture';

const GOOD_LESSON = `---\ntitle: A lesson that parses\nduration: 5 min\nobjectives:\n  - { id: o1, text: Read it }\n---\n# Hello\n`;
const BROKEN_LESSON = `---\ntitle: [unclosed\n---\n# Broken\n`;

let fixture: ServerFixture;
let server: WebServer;
let warnings: string[];

beforeAll(async () => {
  fixture = await startServerFixture({ 'lessons/01-good.md': GOOD_LESSON, 'lessons/02-broken.md': BROKEN_LESSON, 'secret.txt': 'not for the browser' });
  ({ server, warnings } = fixture);
});

afterAll(() => fixture?.close());

interface Client {
  ws: WebSocket;
  messages: unknown[];
  call(method: string, params: unknown): Promise<Record<string, unknown>>;
  sendRaw(data: string): Promise<Record<string, unknown>>;
}

function origin(): string {
  return `http://127.0.0.1:${server.port}`;
}

async function connect(options: { token?: string; origin?: string } = {}): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${options.token ?? server.token}`, { origin: options.origin ?? origin() });
  const messages: unknown[] = [];
  const waiters: Array<(m: Record<string, unknown>) => void> = [];
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as Record<string, unknown>;
    messages.push(m);
    waiters.shift()?.(m);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  let nextId = 1;
  const next = (): Promise<Record<string, unknown>> => new Promise((resolve) => waiters.push(resolve));
  return {
    ws,
    messages,
    call: (method, params) => {
      const reply = next();
      ws.send(JSON.stringify({ t: 'call', id: nextId++, method, params }));
      return reply;
    },
    sendRaw: (data) => {
      const reply = next();
      ws.send(data);
      return reply;
    },
  };
}

describe('web mode server', () => {
  it('answers API calls over a real WebSocket', async () => {
    const client = await connect();
    const info = await client.call('app.info', {});
    expect(info).toMatchObject({ t: 'result', ok: true, value: { name: 'Strata', version: '9.9.9', mode: 'web' } });
    client.ws.close();
  });

  it('lists lessons by title and shows an unreadable lesson as an error entry', async () => {
    const client = await connect();
    const reply = await client.call('lessons.list', {});
    const lessons = reply.value as Array<Record<string, unknown>>;
    expect(lessons).toHaveLength(2);
    expect(lessons[0]).toMatchObject({ status: 'ok', slug: '01-good', title: 'A lesson that parses', duration: '5 min' });
    expect(lessons[1]).toMatchObject({ status: 'error', slug: '02-broken', file: 'lessons/02-broken.md' });
    expect(String(lessons[1]!.error)).toMatch(/^lessons\/02-broken\.md:\d+:\d+: /);
    client.ws.close();
  });

  it('refuses a WebSocket without the token', async () => {
    await expect(connect({ token: 'wrong' })).rejects.toThrow('HTTP 401');
    await expect(connect({ token: '' })).rejects.toThrow('HTTP 401');
  });

  it('refuses a WebSocket from another Origin, even with the token', async () => {
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect({ origin: `http://127.0.0.1:${server.port + 1}` })).rejects.toThrow('HTTP 403');
  });

  it('refuses HTTP requests without the token and serves the page with it', async () => {
    const bare = await fetch(`${origin()}/`);
    expect(bare.status).toBe(401);
    const withToken = await fetch(server.url);
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = withToken.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const asset = await fetch(`${origin()}/index.html`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(asset.status).toBe(200);
  });

  it('gives a cookie that opens the page files but never the API', async () => {
    const cookie = ((await fetch(server.url)).headers.get('set-cookie') ?? '').split(';')[0]!;
    const cookieValue = cookie.split('=').slice(1).join('=');
    expect(cookieValue.length).toBeGreaterThan(20);
    expect(cookie).not.toContain(server.token);
    const reload = await fetch(`${origin()}/`, { headers: { cookie } });
    expect(reload.status).toBe(200);
    const withCookieOnly = new WebSocket(`ws://127.0.0.1:${server.port}/api`, { origin: origin(), headers: { cookie } });
    const status = await new Promise<number>((resolve) => {
      withCookieOnly.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      withCookieOnly.once('open', () => resolve(101));
    });
    expect(status).toBe(401);
    await expect(connect({ token: cookieValue })).rejects.toThrow('HTTP 401');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const res = await fetch(`${origin()}${p}?token=${server.token}`);
      expect(res.status, p).toBe(404);
    }
  });

  it('answers malformed messages with a typed error and keeps serving', async () => {
    const client = await connect();
    const notJson = await client.sendRaw('{not json');
    expect(notJson).toMatchObject({ t: 'result', ok: false, error: { code: 'bad-request' } });
    const wrongShape = await client.sendRaw(JSON.stringify({ t: 'call', id: 'x' }));
    expect(wrongShape).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const unknown = await client.call('vm.format-host-disk', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    const badParams = await client.call('lessons.get', { slug: '../../etc/passwd' });
    expect(badParams).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(String((badParams.error as { message: string }).message)).toContain('slug');
    const stillAlive = await client.call('app.info', {});
    expect(stillAlive).toMatchObject({ ok: true });
    expect(warnings.some((w) => w.includes('malformed message'))).toBe(true);
    client.ws.close();
  });

  it('binds to 127.0.0.1 only', () => {
    const address = server.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
  });
});
