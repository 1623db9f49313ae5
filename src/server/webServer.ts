import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeChunkFrame, MAX_CLIENT_MESSAGE_BYTES, type ServerMessage } from '../api/wire';
import { ApiSession } from '../backend/rpc/apiSession';
import type { Backend } from '../backend/backend';
import { contentSecurityPolicy, SCRIPT_SANDBOX_FILES, scriptSandboxPolicy } from './contentSecurity';
import { loggableTarget, requestTarget } from './requestTarget';
import { serveStatic } from './staticFiles';

/** Only this interface is ever bound: web mode is for the person at this machine. */
export const WEB_HOST = '127.0.0.1';
/**
 * Unlocks the page's static files only. Cookies are not scoped by port, so any other
 * local server the browser visits receives it: it is never the API token, and the API
 * never accepts it.
 */
const ASSET_COOKIE = 'strata_assets';

export interface WebServerOptions {
  backend: Backend;
  /** Built renderer (out/renderer); ignored when `devMiddleware` serves it. */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Vite's dev middleware, for `npm run dev` in web mode. */
  devMiddleware?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  log?: (message: string) => void;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts web mode: the renderer over HTTP and the API over one WebSocket. The API needs
 * the token (the page keeps it in sessionStorage, see src/renderer/transport/connect.ts);
 * the page's files need the token once, then the asset cookie.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = randomBytes(24).toString('base64url');
  const assetKey = randomBytes(24).toString('base64url');
  const log = options.log ?? ((m: string) => console.warn(m));
  const rendererDir = path.resolve(options.rendererDir);
  let port = options.port;
  const dev = options.devMiddleware !== undefined;
  const baseHeaders = (): Record<string, string> => ({
    'Content-Security-Policy': contentSecurityPolicy(dev),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((err: unknown) => {
      log(`http ${loggableTarget(req.url)}: ${(err as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestTarget(req.url, WEB_HOST);
    if (!url) {
      res.writeHead(400, { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Strata: a request must ask for a path such as /index.html.\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (SCRIPT_SANDBOX_FILES.includes(url.pathname)) {
      await serveFile(req, res, url.pathname, { ...baseHeaders(), 'Content-Security-Policy': scriptSandboxPolicy() });
      return;
    }
    const withToken = tokenMatches(url.searchParams.get('token'), token);
    if (!withToken && !tokenMatches(readCookie(req, ASSET_COOKIE), assetKey)) {
      res.writeHead(401, { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Strata: this address needs the access token. Open the URL printed by `npm start` (it ends in ?token=...).\n');
      return;
    }
    const headers = baseHeaders();
    // Assets and workers loaded by the page, and a reload, carry no token.
    if (withToken) headers['Set-Cookie'] = `${ASSET_COOKIE}=${assetKey}; HttpOnly; SameSite=Strict; Path=/`;
    await serveFile(req, res, url.pathname === '/' ? '/index.html' : url.pathname, headers);
  }

  /** Serves a file of the renderer (Vite's middleware in dev mode) with `headers`. */
  async function serveFile(req: IncomingMessage, res: ServerResponse, pathname: string, headers: Record<string, string>): Promise<void> {
    if (options.devMiddleware) {
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      options.devMiddleware(req, res, () => res.writeHead(404).end());
      return;
    }
    const served = await serveStatic(rendererDir, pathname, res, headers);
    if (!served) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Not found: ${pathname}\n`);
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node removes its own error handler from an upgraded socket: a reset must not become an uncaught error.
    socket.on('error', (err) => log(`WebSocket upgrade ${loggableTarget(req.url)}: ${err.message}`));
    try {
      upgrade(req, socket, head);
    } catch (err) {
      log(`WebSocket upgrade ${loggableTarget(req.url)} failed: ${(err as Error).message}`);
      socket.destroy();
    }
  });

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const allowedOrigins = [`http://${WEB_HOST}:${port}`, `http://localhost:${port}`];
    const origin = req.headers.origin;
    const refuse = (status: 400 | 401 | 403, why: string): void => {
      log(`refused a WebSocket to ${loggableTarget(req.url)}: ${why}`);
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${why}\n`);
    };
    const url = requestTarget(req.url, WEB_HOST);
    if (!url) return refuse(400, 'the request-target is not a path');
    if (url.pathname !== '/api') {
      // Vite's hot-reload socket in dev mode shares this server.
      if (!dev) refuse(403, 'unknown WebSocket path');
      return;
    }
    if (!tokenMatches(url.searchParams.get('token'), token)) return refuse(401, 'missing or wrong token');
    if (!origin || !allowedOrigins.includes(origin)) return refuse(403, `origin ${origin ?? '(none)'} is not allowed`);
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  }

  function attach(ws: WebSocket): void {
    const send = (m: ServerMessage): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (m.t === 'chunk') ws.send(encodeChunkFrame(m.id, m.data));
      else ws.send(JSON.stringify(m));
    };
    const session = new ApiSession(options.backend.api, send, { warn: log });
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        send({ t: 'result', id: null, ok: false, error: { code: 'bad-request', message: 'binary messages are not accepted from the client' } });
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        log('malformed message: not JSON');
        send({ t: 'result', id: null, ok: false, error: { code: 'bad-request', message: 'malformed message: not JSON' } });
        return;
      }
      session.receive(parsed);
    });
    ws.on('close', () => session.close());
    ws.on('error', (err) => log(`WebSocket error: ${err.message}`));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, WEB_HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${WEB_HOST}:${port}/?token=${token}`,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}
