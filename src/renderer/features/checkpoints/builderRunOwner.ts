import type { StoreApi } from 'zustand';
import type { BuilderSlice } from '../builder/state/builderSlice';
import { parseStack } from '../../../core/stack';
import { resultDuration } from '../builder/run/runState';
import { SimClient } from '../sim/simClient';
import type { SimRunOwner } from './simRuns';

/**
 * A builder's run as a checkpoint holds it: the stack it ran and the time on its
 * timeline. The simulator is deterministic, so running the same stack with the same
 * options again gives the same result; the timeline is then put back where it was,
 * stopped, for the presenter to play on. When the builder still shows that run, it is
 * not run again: only its clock moves back.
 */
export function builderRunOwner(store: StoreApi<BuilderSlice>, place: string): SimRunOwner {
  return {
    capture: () => {
      const { builderRun: run, builderTime } = store.getState();
      if (run.status !== 'done' || run.compare) return null;
      return { place, stack: run.ranText, seriesStepS: run.seriesStepS, timeS: builderTime };
    },
    restore: async (saved) => {
      const now = store.getState().builderRun;
      // The run shown is the one kept (the common case: back to a moment of this run): only its clock moves.
      if (
        now.status === 'done' &&
        !now.compare &&
        now.ranText === saved.stack &&
        now.seriesStepS === saved.seriesStepS &&
        store.getState().builderDoc.text === saved.stack
      ) {
        store.getState().builderSetRun({ ...now, rewound: true });
        store.getState().builderSetTime(saved.timeS);
        return;
      }
      const parsed = parseStack(saved.stack);
      if (!parsed.stack) throw new Error(`the stack of the ${place} run no longer parses`);
      if (store.getState().builderDoc.text !== saved.stack) store.getState().builderLoad(saved.stack, store.getState().builderFile);
      store.getState().builderSetRun({ status: 'running', progress: 0, simTimeS: 0 });
      const client = new SimClient();
      try {
        const result = await client.run(parsed.stack, { seriesStepS: saved.seriesStepS }).result;
        store
          .getState()
          .builderSetRun({ status: 'done', result, durationS: resultDuration(result), ranText: saved.stack, seriesStepS: saved.seriesStepS, rewound: true });
        store.getState().builderSetTime(saved.timeS);
      } catch (err) {
        store.getState().builderSetRun({ status: 'failed', error: `Rewinding the run failed: ${(err as Error).message}` });
      } finally {
        client.dispose();
      }
    },
  };
}
