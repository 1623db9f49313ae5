import { useEffect, useRef } from 'react';
import { useNotebook } from './useNotebook';

/**
 * Registers a cell's run function for Run all and Shift+Enter. The latest function is
 * always the one called, so it may close over the cell's current state.
 */
export function useCellRunner(cellId: string, run: () => Promise<void>): void {
  const { runners } = useNotebook();
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => runners.register(cellId, () => latest.current()), [runners, cellId]);
}
