import { parseStack } from '../../../core/stack';
import { SimCancelledError, SimClient } from '../sim/simClient';
import type { SimulateStack } from './stackRunner';

/** Simulated seconds between points of the progress series the cells chart. */
const SERIES_STEP_S = 1;
/** After a cancel, how long the worker may take to stop by itself before it is terminated. */
const CANCEL_GRACE_MS = 2_000;

let shared: SimClient | null = null;

/**
 * Simulates a stack for a lesson cell in the simulator's worker (one worker shared by
 * the notebook's cells; runs queue inside it). Past the time limit the run is cancelled,
 * and a worker that does not stop within a grace period is terminated and replaced, so a
 * runaway run never blocks the next one.
 */
export const simulateInWorker: SimulateStack = async (yamlText, { timeLimitMs, signal, balancer, figures }) => {
  const parsed = parseStack(yamlText);
  if (!parsed.stack) throw new Error('The stack does not parse; fix its errors first.');
  const client = (shared ??= new SimClient());
  const run = client.run(parsed.stack, { seriesStepS: SERIES_STEP_S, balancer, figures });
  let reason: string | null = null;
  let grace: ReturnType<typeof setTimeout> | undefined;
  const stop = (why: string): void => {
    if (reason) return;
    reason = why;
    run.cancel();
    grace = setTimeout(() => {
      client.dispose();
      if (shared === client) shared = null;
    }, CANCEL_GRACE_MS);
  };
  const limit = setTimeout(
    () => stop(`Stopped after ${timeLimitMs / 1000} s of computing: the time limit of a lesson cell. Shorten the scenario or the workloads.`),
    timeLimitMs,
  );
  const onAbort = (): void => stop('Stopped.');
  signal?.addEventListener('abort', onAbort);
  try {
    return await run.result;
  } catch (err) {
    if (err instanceof SimCancelledError && reason) throw new Error(reason, { cause: err });
    throw err;
  } finally {
    clearTimeout(limit);
    clearTimeout(grace);
    signal?.removeEventListener('abort', onAbort);
  }
};
