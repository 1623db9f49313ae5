/** Where an autosaved document stands, for the "Saved" indicator. */
export type SaveState = 'saved' | 'pending' | 'saving' | 'error';

export interface AutosaveOptions {
  /** Quiet time after the last change before saving. */
  delayMs: number;
  /** Longest time a change may wait while changes keep coming (typing without pause). */
  maxWaitMs: number;
  /** Wait before retrying a failed save when nothing new arrives. */
  retryMs: number;
  onState?(state: SaveState, error?: Error): void;
  /** Injectable clock for tests. */
  timers?: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void; now(): number };
}

export interface Autosave<T> {
  /** Records the latest value; it is saved after `delayMs` of quiet (or `maxWaitMs`). */
  schedule(value: T): void;
  /** Saves the pending value now (if any) and resolves once nothing is pending or in flight. */
  flush(): Promise<void>;
  /** Drops a pending value without saving it (after a reset, the old work must not come back). */
  cancel(): void;
  readonly state: SaveState;
}

const realTimers = {
  set: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
  clear: (handle: unknown): void => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: (): number => Date.now(),
};

/**
 * Debounced saving of one document. Only the latest value is ever written; saves never
 * overlap (a value scheduled during a save is written after it), so an older write
 * cannot land after a newer one — the autosave conflict Jupyter users meet. A failed
 * save keeps its value pending and retries.
 */
export function createAutosave<T>(save: (value: T) => Promise<void>, options: AutosaveOptions): Autosave<T> {
  const timers = options.timers ?? realTimers;
  let pending: { value: T } | null = null;
  let firstPendingAt = 0;
  let timer: unknown = null;
  let inFlight: Promise<void> | null = null;
  let state: SaveState = 'saved';

  const setState = (next: SaveState, error?: Error): void => {
    state = next;
    options.onState?.(next, error);
  };
  const arm = (ms: number): void => {
    if (timer !== null) timers.clear(timer);
    timer = timers.set(() => {
      timer = null;
      void run();
    }, ms);
  };

  const run = async (): Promise<void> => {
    if (inFlight) {
      await inFlight;
      return;
    }
    if (!pending) return;
    const { value } = pending;
    pending = null;
    setState('saving');
    inFlight = save(value).then(
      () => {
        inFlight = null;
        if (pending) {
          setState('pending');
          arm(0);
        } else setState('saved');
      },
      (err: unknown) => {
        inFlight = null;
        // Keep the newest value: a change made during the failed save wins over the one that failed.
        if (!pending) {
          pending = { value };
          firstPendingAt = timers.now();
        }
        setState('error', err instanceof Error ? err : new Error(String(err)));
        arm(options.retryMs);
      },
    );
    await inFlight;
  };

  return {
    schedule(value) {
      if (!pending) firstPendingAt = timers.now();
      pending = { value };
      if (!inFlight) setState('pending');
      const waited = timers.now() - firstPendingAt;
      arm(Math.max(0, Math.min(options.delayMs, options.maxWaitMs - waited)));
    },
    async flush() {
      if (timer !== null) {
        timers.clear(timer);
        timer = null;
      }
      // A failed save re-arms its retry timer; flush reports the failure through the state.
      while (pending || inFlight) {
        await run();
        if (state === 'error') return;
      }
    },
    cancel() {
      pending = null;
      if (timer !== null) {
        timers.clear(timer);
        timer = null;
      }
      if (!inFlight) setState('saved');
    },
    get state() {
      return state;
    },
  };
}
