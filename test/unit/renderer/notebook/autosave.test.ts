import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutosave, type SaveState } from '../../../../src/renderer/features/notebook/work/autosave';

describe('createAutosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const options = { delayMs: 500, maxWaitMs: 2000, retryMs: 1000 };

  it('saves only the last value after a quiet period', async () => {
    const saved: number[] = [];
    const autosave = createAutosave(async (v: number) => void saved.push(v), options);
    autosave.schedule(1);
    await vi.advanceTimersByTimeAsync(300);
    autosave.schedule(2);
    await vi.advanceTimersByTimeAsync(300);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(300);
    expect(saved).toEqual([2]);
    expect(autosave.state).toBe('saved');
  });

  it('saves at most maxWaitMs after the first change while changes keep coming', async () => {
    const saved: number[] = [];
    const autosave = createAutosave(async (v: number) => void saved.push(v), options);
    for (let i = 0; i < 10; i++) {
      autosave.schedule(i);
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(saved.length).toBeGreaterThanOrEqual(1);
    expect(saved[0]).toBeLessThanOrEqual(7);
  });

  it('never overlaps saves: a value scheduled during a save is written after it, in order', async () => {
    const order: string[] = [];
    let release: () => void = () => {};
    const autosave = createAutosave(
      (v: number) =>
        new Promise<void>((resolve) => {
          order.push(`start ${v}`);
          release = () => {
            order.push(`end ${v}`);
            resolve();
          };
        }),
      options,
    );
    autosave.schedule(1);
    await vi.advanceTimersByTimeAsync(500);
    autosave.schedule(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(order).toEqual(['start 1']);
    release();
    await vi.advanceTimersByTimeAsync(10);
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('keeps a failed value and retries it, reporting the error state', async () => {
    const states: SaveState[] = [];
    let fail = true;
    const saved: number[] = [];
    const autosave = createAutosave(
      async (v: number) => {
        if (fail) throw new Error('disk full');
        saved.push(v);
      },
      { ...options, onState: (s) => states.push(s) },
    );
    autosave.schedule(7);
    await vi.advanceTimersByTimeAsync(500);
    expect(autosave.state).toBe('error');
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual([7]);
    expect(states).toEqual(['pending', 'saving', 'error', 'saving', 'saved']);
  });

  it('flush writes the pending value at once; cancel drops it', async () => {
    const saved: number[] = [];
    const autosave = createAutosave(async (v: number) => void saved.push(v), options);
    autosave.schedule(1);
    await autosave.flush();
    expect(saved).toEqual([1]);
    autosave.schedule(2);
    autosave.cancel();
    await vi.advanceTimersByTimeAsync(5000);
    expect(saved).toEqual([1]);
    expect(autosave.state).toBe('saved');
  });
});
