import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CheckpointInfo } from '../../api/checkpointApi';
import { GuestPackName } from '../../api/vmApi';
import type { CheckpointedVm } from '../qemu/vmService';
import { writeFileAtomic } from '../workspace/atomicWrite';

/** What `checkpoint.json` holds: the info shown, and what each VM needs to come back. */
const CheckpointRecord = z.object({
  version: z.literal(1),
  info: CheckpointInfo,
  machines: z.array(
    z.object({
      spec: z.object({
        id: z.string(),
        hostname: z.string(),
        memoryMiB: z.number().int(),
        cpus: z.number().int(),
        accel: z.enum(['kvm', 'hvf', 'whpx', 'tcg']),
        noVirtExtensions: z.boolean(),
        kernel: z.string().optional(),
        initrd: z.string().optional(),
        append: z.string(),
        diskVisible: z.boolean(),
        ownImage: z.boolean(),
        // Checkpoints taken before the terminal moved to the virtio console load into the serial line's devices.
        console: z.enum(['serial', 'virtio']).default('serial'),
        extras: z.array(GuestPackName),
        net: z.object({ lan: z.string(), ip: z.string().optional(), mac: z.string() }).optional(),
      }),
      saved: z.object({ wasRunning: z.boolean(), node: z.string(), bootMs: z.number().optional() }),
    }),
  ),
}) satisfies z.ZodType<{ machines: CheckpointedVm[] }>;
type CheckpointRecord = z.infer<typeof CheckpointRecord>;

const RECORD = 'checkpoint.json';
/** Folders being written or deleted start with a dot, so a listing never shows half a checkpoint. */
const HIDDEN = /^\./;
const STALE_MS = 60 * 60 * 1000;

/** A checkpoint being written: its folder, not yet listed, and how to make it one. */
export interface CheckpointDraft {
  dir: string;
  /** Writes its record and moves the folder into place in one rename. */
  commit(info: CheckpointInfo, machines: CheckpointedVm[]): Promise<void>;
  /** Removes what was written (after a failure). */
  discard(): Promise<void>;
}

/**
 * Checkpoints on disk, one folder each under STRATA_HOME/checkpoints: `checkpoint.json`
 * and each VM's files. A checkpoint is written in a hidden folder and renamed into place
 * whole, so a crash leaves either the whole checkpoint or none; a deleted one is renamed
 * away first, then removed.
 */
export class CheckpointStore {
  constructor(readonly root: string) {}

  /** A fresh id: the time, so folders sort in the order they were taken, and a random tail. */
  newId(now = Date.now()): string {
    return `${now.toString(36)}-${randomBytes(3).toString('hex')}`;
  }

  async draft(id: string): Promise<CheckpointDraft> {
    await fs.mkdir(this.root, { recursive: true, mode: 0o700 });
    await this.sweep();
    const dir = path.join(this.root, `.new-${id}`);
    await fs.mkdir(dir, { mode: 0o700 });
    return {
      dir,
      commit: async (info, machines) => {
        const record: CheckpointRecord = { version: 1, info, machines };
        await writeFileAtomic(path.join(dir, RECORD), JSON.stringify(record, null, 1));
        await fs.rename(dir, this.dirOf(id));
      },
      discard: () => fs.rm(dir, { recursive: true, force: true }),
    };
  }

  /** Every readable checkpoint, oldest first; one whose record is missing or damaged is skipped and named in `damaged`. */
  async list(): Promise<{ checkpoints: CheckpointInfo[]; damaged: string[] }> {
    let names: string[];
    try {
      names = (await fs.readdir(this.root)).filter((n) => !HIDDEN.test(n)).sort();
    } catch {
      return { checkpoints: [], damaged: [] };
    }
    const checkpoints: CheckpointInfo[] = [];
    const damaged: string[] = [];
    for (const name of names) {
      const record = await this.read(name).catch(() => undefined);
      if (record) checkpoints.push(record.info);
      else damaged.push(name);
    }
    return { checkpoints, damaged };
  }

  /** The record and folder of one checkpoint; undefined when there is none of that id. */
  async get(id: string): Promise<{ record: CheckpointRecord; dir: string } | undefined> {
    const record = await this.read(id).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw new Error(`checkpoint ${id} is damaged: ${err.message}`);
    });
    return record && { record, dir: this.dirOf(id) };
  }

  /** Removes a checkpoint; false when there was none of that id. */
  async delete(id: string): Promise<boolean> {
    const away = path.join(this.root, `.deleted-${id}-${randomBytes(3).toString('hex')}`);
    try {
      await fs.rename(this.dirOf(id), away);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    await fs.rm(away, { recursive: true, force: true });
    return true;
  }

  private async read(id: string): Promise<CheckpointRecord> {
    const text = await fs.readFile(path.join(this.dirOf(id), RECORD), 'utf8');
    const parsed = CheckpointRecord.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return parsed.data;
  }

  private dirOf(id: string): string {
    return path.join(this.root, id);
  }

  /**
   * Removes what a crash left half written or half deleted; only folders an hour old, as
   * a younger one may be a checkpoint another Strata on this STRATA_HOME is writing.
   */
  private async sweep(now = Date.now()): Promise<void> {
    const names = await fs.readdir(this.root).catch(() => [] as string[]);
    for (const name of names.filter((n) => HIDDEN.test(n))) {
      const dir = path.join(this.root, name);
      const age = now - (await fs.stat(dir).catch(() => ({ mtimeMs: now }))).mtimeMs;
      if (age > STALE_MS) await fs.rm(dir, { recursive: true, force: true });
    }
  }
}
