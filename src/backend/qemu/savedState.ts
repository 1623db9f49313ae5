import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { QmpClient } from './qmpClient';

/**
 * A running guest's RAM and device state in a file, and back: QEMU's own migration
 * stream, sent with QMP `migrate` to a unix socket Strata writes into the file (QEMU 7.2
 * has no `file:` URI; it came in 8.2), and read by a new QEMU started with
 * {@link INCOMING_ARGS} and given `migrate-incoming` `exec:cat FILE`. Disks are not in the file: Strata's guest lives in
 * its initramfs and never sees its drive, so the state is whole. The QEMU that loads a
 * file must be started with the same devices (memory size, CPU model, serial lines, NIC,
 * drive, kernel and initrd) as the one that saved it; the NIC's MAC property may differ
 * (the saved one comes back with the device's state until the guest sets another).
 *
 * Usage, by a caller holding the QMP clients of the QEMU processes:
 *   const saved = await saveState(qmp, file);             // the guest runs on after
 *   // start a new QEMU with ...INCOMING_ARGS, connect its serial lines and QMP, then
 *   await loadState(newQmp, file);                          // loaded, still paused
 *   await newQmp.execute('cont');                           // runs from the saved moment
 */

/**
 * QEMU options that make a new process wait for a saved state instead of booting: the
 * stream is named later (`migrate-incoming`), and after loading the guest stays paused
 * (`-S`) until `cont`, so several guests can be loaded first and started together.
 */
export const INCOMING_ARGS: readonly string[] = ['-S', '-incoming', 'defer'];

export interface StateOptions {
  /** Leave RAM mapped from a shared file out of the stream (templates, see setIgnoreShared). */
  ignoreShared?: boolean;
  timeoutMs?: number;
  /**
   * Runs once the whole state is in the file, the guest still paused, before the flush
   * to disk: a checkpoint copies the VM's disk and screen there, then resumes it.
   */
  onStreamed?: () => Promise<void>;
}

/** What saving wrote. */
export interface SavedState {
  file: string;
  bytes: number;
  /** Wall time of the save, guest paused throughout. */
  ms: number;
}

/** What `query-migrate` reports (the fields Strata reads). */
export interface MigrationStats {
  status: string;
  'total-time'?: number;
  downtime?: number;
  ram?: { transferred: number };
  'error-desc'?: string;
}

/** Migration speed for saving: QEMU 7.2's default cap is 32 MiB/s, meant for a network, not a local file. */
const SAVE_BANDWIDTH_BYTES_PER_S = 8 * 2 ** 30;

/**
 * Saves the guest's state to `file`, replaced whole: the stream goes to a part file of
 * this save's own, renamed over `file` only once QEMU says the migration completed, the
 * stream has ended and the part file is flushed to disk. The guest is paused for the
 * save so the file is one consistent moment, and runs on (unless it was paused already)
 * as soon as the stream is whole in the file: the flush to disk, which takes a good part
 * of a save on a slow disk, is no part of the pause. The migration's bandwidth cap is put
 * back as it was. Rejects with QEMU's own words when the save fails, and leaves no part
 * file then.
 *
 * Why not `exec:cat > FILE`: QEMU reports `completed` before it closes the pipe, and on
 * closing it SIGTERMs a `cat` that has not exited yet (qio_channel_command_abort), so
 * the file could be renamed into place, or cut, before cat wrote its last bytes. Here
 * Strata reads the stream itself and knows its end.
 */
export async function saveState(qmp: QmpClient, file: string, options: StateOptions = {}): Promise<SavedState> {
  const started = Date.now();
  const status = await qmp.execute<{ running: boolean; status: string }>('query-status');
  const { 'max-bandwidth': bandwidth } = await qmp.execute<{ 'max-bandwidth': number }>('query-migrate-parameters');
  // A name of its own: two saves to one file never write into the same part file.
  const partial = `${file}.${randomBytes(4).toString('hex')}.part`;
  const receiver = await receiveStream(partial);
  const fail = async (err: unknown): Promise<never> => {
    await receiver.abort();
    await fs.rm(partial, { force: true });
    throw err;
  };
  if (status.running) await qmp.execute('stop');
  try {
    await qmp.execute('migrate-set-parameters', { 'max-bandwidth': SAVE_BANDWIDTH_BYTES_PER_S });
    await setIgnoreShared(qmp, options.ignoreShared);
    await qmp.execute('migrate', { uri: `unix:${receiver.socket}` });
    await waitForMigration(qmp, options.timeoutMs);
    await receiver.written;
    await options.onStreamed?.();
  } catch (err) {
    await qmp.execute('migrate_cancel').catch(() => undefined);
    await receiver.close();
    await fail(err);
  } finally {
    // After an outgoing migration QEMU holds the guest in 'postmigrate'; cont runs it on.
    if (status.running) await qmp.execute('cont').catch(() => undefined);
    // Live migrations of this guest later must not inherit the cap meant for a local file.
    await qmp.execute('migrate-set-parameters', { 'max-bandwidth': bandwidth }).catch(() => undefined);
  }
  await receiver.close();
  try {
    const handle = await fs.open(partial, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(partial, file);
  } catch (err) {
    await fail(err);
  }
  return { file, bytes: (await fs.stat(file)).size, ms: Date.now() - started };
}

/**
 * A unix socket, in a private folder (mode 0700: no other local user can send a stream
 * in), whose first connection is written to `partial` (created new, mode 0600).
 * `written` resolves with the byte count once the stream ended and the file is closed
 * (in the page cache: the caller flushes it to disk).
 */
async function receiveStream(partial: string): Promise<{ socket: string; written: Promise<number>; abort(): Promise<void>; close(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-save-'));
  const socket = path.join(dir, 'stream');
  const server = net.createServer();
  const out = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  const stop = new AbortController();
  const written = new Promise<number>((resolve, reject) => {
    stop.signal.addEventListener('abort', () => reject(new Error('the save was cancelled')));
    server.once('connection', (conn) => {
      server.close();
      pipeline(conn, out, { signal: stop.signal }).then(() => resolve(out.bytesWritten), reject);
    });
  });
  written.catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, resolve);
  });
  return {
    socket,
    written,
    abort: async () => {
      stop.abort();
      out.destroy();
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    },
    close: async () => {
      server.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Loads `file` into a QEMU started with {@link INCOMING_ARGS}; the guest is left paused
 * at the saved moment (QMP `cont` starts it). Resolves with the load's wall time.
 */
export async function loadState(qmp: QmpClient, file: string, options: StateOptions = {}): Promise<{ ms: number }> {
  const started = Date.now();
  await fs.access(file);
  await setIgnoreShared(qmp, options.ignoreShared);
  await qmp.execute('migrate-incoming', { uri: `exec:cat ${shellQuote(file)}` });
  await waitForMigration(qmp, options.timeoutMs);
  // Later saves of this guest (a rewind's) carry its whole RAM again.
  if (options.ignoreShared) await setIgnoreShared(qmp, false);
  return { ms: Date.now() - started };
}

/**
 * `x-ignore-shared`: RAM mapped from a shared file is left out of the stream (it is in
 * the file). A template is saved so, from a QEMU whose RAM is a file mapped shared, and
 * loaded so by QEMUs that map the same file privately (copy-on-write): they read only
 * the device state and share the template's pages until they write them.
 */
async function setIgnoreShared(qmp: QmpClient, on = false): Promise<void> {
  await qmp.execute('migrate-set-capabilities', { capabilities: [{ capability: 'x-ignore-shared', state: on }] });
}

/** Polls `query-migrate` until the migration (outgoing or incoming) completes; rejects when it fails. */
export async function waitForMigration(qmp: QmpClient, timeoutMs = 180_000): Promise<MigrationStats> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const stats = await qmp.execute<MigrationStats>('query-migrate');
    if (stats.status === 'completed') return stats;
    if (stats.status === 'failed' || stats.status === 'cancelled') throw new Error(`migration ${stats.status}: ${stats['error-desc'] ?? 'no reason given'}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`migration did not complete within ${timeoutMs / 1000} s`);
}

/** One word for `sh -c` (QEMU runs an `exec:` URI with /bin/sh). */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
