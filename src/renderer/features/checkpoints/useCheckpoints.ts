import { useEffect } from 'react';
import { useStrata } from '../../store/store';

/** The checkpoints kept, loaded when a view that shows them opens (they may date from an earlier run of Strata). */
export function useCheckpoints() {
  const api = useStrata((s) => s.api);
  const load = useStrata((s) => s.loadCheckpoints);
  useEffect(() => {
    if (api) void load();
  }, [api, load]);
  return {
    checkpoints: useStrata((s) => s.checkpoints),
    busy: useStrata((s) => s.checkpointBusy),
    news: useStrata((s) => s.checkpointNews),
    take: useStrata((s) => s.takeCheckpoint),
    rewind: useStrata((s) => s.rewindCheckpoint),
    remove: useStrata((s) => s.deleteCheckpoint),
  };
}

/** A checkpoint's contents in a few words: "2 VMs · builder at t = 42 s". */
export function checkpointSummary(c: { vms: unknown[]; sims: Array<{ place: string; timeS: number }> }): string {
  const vms = `${c.vms.length} VM${c.vms.length === 1 ? '' : 's'}`;
  const sims = c.sims.map((s) => `${s.place === 'builder' ? 'builder' : s.place.split('/').slice(1).join(' ')} at t = ${s.timeS.toFixed(0)} s`);
  return [vms, ...sims].join(' · ');
}
