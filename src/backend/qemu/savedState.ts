import fs from 'node:fs/promises';
import type { QmpClient } from './qmpClient';

/**
 * A running guest's RAM and device state in a file, and back: QEMU's own migration
 * stream, written with QMP `migrate` to `exec:cat > FILE` (QEMU 7.2 has no `file:` URI;
 * it came in 8.2) and read by a new QEMU started with {@link INCOMING_ARGS} and given
 * `migrate-incoming` `exec:cat FILE`. Disks are not in the file: Strata's guest lives in
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
 * Saves the guest's state to `file` (replaced whole: written beside it, then renamed).
 * The guest is paused for the save so the file is one consistent moment, then runs on
 * unless it was paused already. Rejects with QEMU's own words when the save fails.
 */
export async function saveState(qmp: QmpClient, file: string, options: StateOptions = {}): Promise<SavedState> {
  const started = Date.now();
  const status = await qmp.execute<{ running: boolean; status: string }>('query-status');
  const partial = `${file}.part`;
  await fs.rm(partial, { force: true });
  if (status.running) await qmp.execute('stop');
  try {
    await qmp.execute('migrate-set-parameters', { 'max-bandwidth': SAVE_BANDWIDTH_BYTES_PER_S });
    await setIgnoreShared(qmp, options.ignoreShared);
    await qmp.execute('migrate', { uri: `exec:cat > ${shellQuote(partial)}` });
    await waitForMigration(qmp, options.timeoutMs);
    await fs.rename(partial, file);
  } catch (err) {
    await qmp.execute('migrate_cancel').catch(() => undefined);
    await fs.rm(partial, { force: true });
    throw err;
  } finally {
    // After an outgoing migration QEMU holds the guest in 'postmigrate'; cont runs it on.
    if (status.running) await qmp.execute('cont').catch(() => undefined);
  }
  return { file, bytes: (await fs.stat(file)).size, ms: Date.now() - started };
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
