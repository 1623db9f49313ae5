import { useCallback, useEffect, useRef } from 'react';
import type { Stack } from '../../../../core/stack';
import { useStrata } from '../../../store/store';
import { chosenFigures } from '../../sim/figuresSlice';
import { SimCancelledError, SimClient } from '../../sim/simClient';
import { useBuilderStore } from '../state/useBuilderStore';
import { resultDuration } from './runState';

/** Samples per simulated second of the series the charts and the canvas replay. */
const SERIES_STEP_S = 2;

/** A stack to run beside the builder's own, under the same options. */
export interface CompareTarget {
  name: string;
  stack: Stack;
}

/**
 * Runs the builder's stack in the simulator's Web Worker (the UI never blocks), with
 * progress and cancel, and optionally a second stack to compare with. The worker starts
 * on the first run and stops when the builder goes away.
 */
export function useStackRun(): { start(compare?: CompareTarget): void; cancel(): void } {
  const store = useBuilderStore();
  const client = useRef<SimClient | null>(null);
  const current = useRef<Array<{ cancel(): void }>>([]);

  useEffect(
    () => () => {
      client.current?.dispose();
      client.current = null;
    },
    [],
  );

  const cancel = useCallback(() => {
    for (const run of current.current) run.cancel();
    current.current = [];
    store.getState().builderSetRun({ status: 'idle' });
  }, [store]);

  const start = useCallback(
    (compare?: CompareTarget) => {
      for (const run of current.current) run.cancel();
      client.current ??= new SimClient();
      const state = store.getState();
      // The app-wide choice of figures (the builder's switch); both stacks of a comparison get the same.
      const figures = chosenFigures(useStrata.getState());
      const options = { seriesStepS: SERIES_STEP_S, figures };
      const ranText = state.builderDoc.text;
      state.builderSetRun({ status: 'running', progress: 0, simTimeS: 0 });
      const main = client.current.run(state.builderDoc.stack, options, (p) => {
        if (store.getState().builderRun.status === 'running') store.getState().builderSetRun({ status: 'running', progress: p.fraction, simTimeS: p.simTimeS });
      });
      const other = compare ? client.current.run(compare.stack, options) : undefined;
      current.current = other ? [main, other] : [main];
      Promise.all([main.result, other?.result])
        .then(([result, compared]) => {
          current.current = [];
          const s = store.getState();
          s.builderSetRun({
            status: 'done',
            result,
            durationS: resultDuration(result),
            ranText,
            seriesStepS: options.seriesStepS,
            figures: figures ? 'host' : 'literature',
            ...(compare && compared ? { compare: { name: compare.name, result: compared } } : {}),
          });
          s.builderSetTime(0);
        })
        .catch((err: Error) => {
          if (err instanceof SimCancelledError) return;
          current.current = [];
          store.getState().builderSetRun({ status: 'failed', error: err.message });
        });
    },
    [store],
  );

  return { start, cancel };
}
