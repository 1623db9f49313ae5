import type { SimCheckpoint } from '../../../api/checkpointApi';

/** A simulator run a checkpoint can hold: the Builder view's, or a lesson cell's. */
export interface SimRunOwner {
  /** The run as it stands, or null when there is none to keep. */
  capture(): SimCheckpoint | null;
  /** Puts a kept run back (runs it again, sets its clock). */
  restore(run: SimCheckpoint): Promise<void>;
}

const owners = new Map<string, SimRunOwner>();
/** Runs rewound while their owner was not on screen: restored when it registers. */
const pending = new Map<string, SimCheckpoint>();

/** Makes a run checkpointable under its place (`builder`, `lesson/SLUG/CELL`); returns the function that forgets it. */
export function registerSimRun(place: string, owner: SimRunOwner): () => void {
  owners.set(place, owner);
  const waiting = pending.get(place);
  if (waiting) {
    pending.delete(place);
    void owner.restore(waiting);
  }
  return () => {
    if (owners.get(place) === owner) owners.delete(place);
  };
}

/** Every run there is now, for a checkpoint. */
export function captureSimRuns(): SimCheckpoint[] {
  return [...owners.values()].flatMap((owner) => owner.capture() ?? []);
}

/** Puts the runs of a checkpoint back; a run whose owner is not on screen waits for it. */
export async function restoreSimRuns(runs: readonly SimCheckpoint[]): Promise<void> {
  await Promise.all(
    runs.map((run) => {
      const owner = owners.get(run.place);
      if (owner) return owner.restore(run);
      pending.set(run.place, run);
      return undefined;
    }),
  );
}
