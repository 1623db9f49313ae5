import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** The file operations an atomic write needs; tests swap one to simulate a crash. */
export interface AtomicWriteIO {
  rename(from: string, to: string): Promise<void>;
}

const nodeIO: AtomicWriteIO = { rename };

/** Temporary files are hidden and end in `.tmp`, so listings of saved files never show them. */
const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;

/**
 * Replaces `file` with `data` so that a reader, or the next start after a crash or power
 * cut, sees either the old content or the new, never a mix: the data goes to a temporary
 * file in the same folder (same file system, so the rename is atomic), is flushed to disk,
 * and only then renamed over the target.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, io: AtomicWriteIO = nodeIO): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await io.rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDirectory(dir);
}

/** Flushes a folder's entries so the rename itself survives a power cut. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or flush a folder; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/**
 * Removes temporary files older than `olderThanMs` that a crashed write left behind. Younger
 * ones may belong to a write still in progress in another Strata process.
 */
export async function sweepTempFiles(dir: string, olderThanMs = 60_000, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter((n) => TEMP_FILE.test(n))) {
    const file = path.join(dir, name);
    try {
      if (now - (await stat(file)).mtimeMs < olderThanMs) continue;
      await rm(file, { force: true });
      removed.push(name);
    } catch {
      // Gone already (another process swept it): nothing to do.
    }
  }
  return removed;
}
