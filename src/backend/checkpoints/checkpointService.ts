import fs from 'node:fs/promises';
import path from 'node:path';
import type { CheckpointInfo, RewindResult, SimCheckpoint } from '../../api/checkpointApi';
import { ApiError } from '../../api/errors';
import { checkpointFiles, type VmService } from '../qemu/vmService';
import { KeyedQueue } from '../workspace/keyedQueue';
import { CheckpointStore } from './checkpointStore';

/**
 * Seminar checkpoints: every running VM and the simulator runs the renderer sends, saved
 * together under STRATA_HOME/checkpoints, and brought back together by a rewind. One
 * operation at a time: a rewind during a checkpoint (or two checkpoints at once) would
 * pause and load the same VMs twice.
 */
export class CheckpointService {
  private readonly store: CheckpointStore;
  private readonly queue = new KeyedQueue();

  constructor(
    home: string,
    private readonly vms: VmService,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {
    this.store = new CheckpointStore(path.join(home, 'checkpoints'));
  }

  async list(): Promise<CheckpointInfo[]> {
    const { checkpoints, damaged } = await this.store.list();
    for (const name of damaged) this.log(`strata: skipped checkpoint ${name} in ${this.store.root}: its checkpoint.json is missing or damaged`);
    return checkpoints;
  }

  take(name: string, sims: SimCheckpoint[]): Promise<CheckpointInfo> {
    return this.queue.run('checkpoints', async () => {
      const takenAt = Date.now();
      const id = this.store.newId(takenAt);
      const draft = await this.store.draft(id);
      try {
        const { vms: machines, pausedMs: tookMs } = await this.vms.checkpointVms(draft.dir);
        const vms = await Promise.all(
          machines.map(async ({ spec, saved }) => ({
            id: spec.id,
            node: saved.node,
            hostname: spec.hostname,
            memoryMiB: spec.memoryMiB,
            ip: spec.net?.ip?.split('/')[0],
            wasRunning: saved.wasRunning,
            stateBytes: (await fs.stat(checkpointFiles(draft.dir, spec.id).state)).size,
          })),
        );
        const info: CheckpointInfo = { id, name, takenAt, tookMs, vms, sims };
        await draft.commit(info, machines);
        return info;
      } catch (err) {
        await draft.discard();
        throw err;
      }
    });
  }

  rewind(id: string): Promise<RewindResult> {
    return this.queue.run('checkpoints', async () => {
      const started = performance.now();
      const found = await this.store.get(id).catch((err: Error) => {
        throw new ApiError('unavailable', err.message);
      });
      if (!found) throw new ApiError('not-found', `no checkpoint ${id}`);
      const { record, dir } = found;
      const held = new Set(record.machines.map((m) => m.spec.id));
      await this.vms.rewindVms(dir, record.machines);
      const untouched = this.vms
        .list()
        .filter((vm) => !held.has(vm.id) && vm.state !== 'stopped' && vm.state !== 'crashed')
        .map((vm) => vm.id);
      return { checkpoint: record.info, tookMs: Math.round(performance.now() - started), untouched };
    });
  }

  delete(id: string): Promise<void> {
    return this.queue.run('checkpoints', async () => {
      if (!(await this.store.delete(id))) throw new ApiError('not-found', `no checkpoint ${id}`);
    });
  }
}
