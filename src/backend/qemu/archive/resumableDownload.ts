import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { httpGet } from './httpGet';

/** Connections that may drop during one download before it fails. */
const MAX_RESUMES = 5;

export interface DownloadProgress {
  url: string;
  received: number;
  total: number;
}

export class ChecksumError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChecksumError';
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

async function sizeOf(file: string): Promise<number> {
  return (await fs.stat(file).catch(() => undefined))?.size ?? 0;
}

/**
 * One attempt: appends to `part` from where it stopped (an HTTP Range request), so a
 * download cut midway goes on from its last byte instead of starting over.
 */
async function fetchInto(url: string, part: string, expectedSize: number, onProgress: (p: DownloadProgress) => void): Promise<void> {
  let have = await sizeOf(part);
  if (have > expectedSize) {
    await fs.rm(part, { force: true });
    have = 0;
  }
  if (have === expectedSize) return;
  const res = await httpGet(url, have > 0 ? { Range: `bytes=${have}-` } : {});
  if (res.statusCode === 200 && have > 0)
    have = 0; // the server ignored the range: start over
  else if (res.statusCode !== 200 && res.statusCode !== 206) {
    res.resume();
    throw new Error(`${url} answered HTTP ${res.statusCode ?? '?'}`);
  }
  let received = have;
  res.on('data', (chunk: Buffer) => {
    received += chunk.length;
    onProgress({ url, received, total: expectedSize });
  });
  await pipeline(res, createWriteStream(part, { flags: have > 0 ? 'a' : 'w' }));
  if (received < expectedSize) throw new Error(`${url} ended after ${received} of ${expectedSize} bytes`);
}

/**
 * Downloads `url` to `dest` and proves it is the file the signed index names (size and
 * SHA-256). A partial file is resumed; a file whose hash is wrong is deleted and fetched
 * once more from the start before the build gives up. An existing good `dest` is reused.
 */
export async function downloadVerified(
  url: string,
  dest: string,
  expected: { size: number; sha256: string },
  onProgress: (p: DownloadProgress) => void = () => {},
): Promise<void> {
  if ((await sizeOf(dest)) === expected.size && (await sha256Of(dest)) === expected.sha256) return;
  const part = `${dest}.part`;
  let corrupt = 0;
  let dropped = 0;
  for (;;) {
    try {
      await fetchInto(url, part, expected.size, onProgress);
    } catch (err) {
      // A dropped connection: go on from the bytes already written.
      if (++dropped > MAX_RESUMES) throw err;
      continue;
    }
    const actual = await sha256Of(part);
    if (actual === expected.sha256) break;
    await fs.rm(part, { force: true });
    if (++corrupt === 2) throw new ChecksumError(`${url} does not match the SHA-256 of the signed index, twice (got ${actual}, expected ${expected.sha256})`);
  }
  await fs.rename(part, dest);
}
