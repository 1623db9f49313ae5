import type { StateCreator } from 'zustand';
import type { CheckpointInfo } from '../../api/checkpointApi';
import { captureSimRuns, restoreSimRuns } from '../features/checkpoints/simRuns';
import type { StrataState } from './store';

/** What the last checkpoint action did, in words for the presenter. */
export interface CheckpointNews {
  kind: 'taken' | 'rewound' | 'failed';
  message: string;
}

export interface CheckpointsSlice {
  checkpoints: CheckpointInfo[];
  /** The action in flight (`Taking a checkpoint`, `Rewinding to …`): buttons wait. */
  checkpointBusy: string | null;
  checkpointNews: CheckpointNews | null;
  loadCheckpoints(): Promise<void>;
  /** Saves every running VM and the simulator's runs together; `name` defaults to "Checkpoint N". */
  takeCheckpoint(name?: string): Promise<CheckpointInfo | null>;
  /** Brings every VM and run of the checkpoint back, and says how long it took. */
  rewindCheckpoint(id: string): Promise<void>;
  deleteCheckpoint(id: string): Promise<void>;
}

/** The next free "Checkpoint N". */
export function nextCheckpointName(taken: readonly CheckpointInfo[]): string {
  const names = new Set(taken.map((c) => c.name));
  let n = taken.length + 1;
  while (names.has(`Checkpoint ${n}`)) n++;
  return `Checkpoint ${n}`;
}

/** "1 VM", "2 VMs". */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export const createCheckpointsSlice: StateCreator<StrataState, [], [], CheckpointsSlice> = (set, get) => {
  async function act<T>(label: string, fn: () => Promise<T>): Promise<T | null> {
    if (get().checkpointBusy) return null;
    set({ checkpointBusy: label });
    try {
      return await fn();
    } catch (err) {
      set({ checkpointNews: { kind: 'failed', message: (err as Error).message } });
      return null;
    } finally {
      set({ checkpointBusy: null });
    }
  }

  return {
    checkpoints: [],
    checkpointBusy: null,
    checkpointNews: null,
    loadCheckpoints: async () => {
      const api = get().api;
      if (!api) return;
      const checkpoints = await api.call('checkpoint.list', {}).catch(() => null);
      if (checkpoints) set({ checkpoints });
    },
    takeCheckpoint: (name) =>
      act('Taking a checkpoint', async () => {
        const api = get().api!;
        const taken = await api.call('checkpoint.take', { name: name ?? nextCheckpointName(get().checkpoints), sims: captureSimRuns() });
        const sims = taken.sims.length;
        const what = `${plural(taken.vms.length, 'VM')}${sims ? ` and ${plural(sims, 'simulator run')}` : ''}`;
        set((s) => ({
          checkpoints: [...s.checkpoints, taken],
          checkpointNews: {
            kind: 'taken',
            message: `${taken.name} taken: ${what}, VMs paused ${seconds(taken.tookMs)}.`,
          },
        }));
        return taken;
      }),
    rewindCheckpoint: async (id) => {
      const name = get().checkpoints.find((c) => c.id === id)?.name ?? id;
      await act(`Rewinding to ${name}`, async () => {
        const api = get().api!;
        const started = performance.now();
        const result = await api.call('checkpoint.rewind', { id });
        await restoreSimRuns(result.checkpoint.sims);
        const tookMs = performance.now() - started;
        const untouched = result.untouched.length
          ? ` ${result.untouched.join(', ')} ${result.untouched.length === 1 ? 'was' : 'were'} not in it and ran on.`
          : '';
        set({ checkpointNews: { kind: 'rewound', message: `Rewound to ${name} in ${seconds(tookMs)} (VMs ${seconds(result.tookMs)}).${untouched}` } });
      });
    },
    deleteCheckpoint: async (id) => {
      await act('Deleting a checkpoint', async () => {
        await get().api!.call('checkpoint.delete', { id });
        set((s) => ({ checkpoints: s.checkpoints.filter((c) => c.id !== id) }));
      });
    },
  };
};
