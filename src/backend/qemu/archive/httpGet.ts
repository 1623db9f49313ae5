import { get, type IncomingMessage } from 'node:http';
import { get as getHttps } from 'node:https';

const TIMEOUT_MS = 30_000;

/** A GET that follows redirects (mirrors redirect to their nearest copy) and gives up on silence. */
export function httpGet(url: string, headers: Record<string, string> = {}, redirects = 5): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? getHttps : get)(url, { headers, timeout: TIMEOUT_MS }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location && redirects > 0) {
        res.resume();
        httpGet(new URL(res.headers.location, url).href, headers, redirects - 1).then(resolve, reject);
      } else resolve(res);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
  });
}

/** A small text file; null on 404 (a suite the archive does not carry). */
export async function fetchText(url: string): Promise<string | null> {
  const res = await httpGet(url);
  if (res.statusCode === 404) {
    res.resume();
    return null;
  }
  if (res.statusCode !== 200) {
    res.resume();
    throw new Error(`${url} answered HTTP ${res.statusCode ?? '?'}`);
  }
  let text = '';
  for await (const chunk of res.setEncoding('utf8')) text += chunk as string;
  return text;
}
