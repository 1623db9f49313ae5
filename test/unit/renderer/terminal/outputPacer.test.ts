import { describe, expect, it } from 'vitest';
import {
  FLOOD_AFTER_WINDOWS,
  FLOOD_INTERVAL_MS,
  FLOOD_WINDOW_BYTES,
  OUTPUT_INTERVAL_MS,
  OutputPacer,
  type PacerTimers,
} from '../../../../src/renderer/features/terminal/outputPacer';

/** Timers run by hand: `elapse()` fires the one pending window, as the clock reaching its end would; `lengths` are the windows' lengths asked for. */
function manualTimers(): PacerTimers & { pending(): number; elapse(): void; lengths: number[] } {
  const timers = new Map<number, () => void>();
  const lengths: number[] = [];
  let next = 1;
  return {
    lengths,
    set: (callback, ms) => {
      timers.set(next, callback);
      lengths.push(ms);
      return next++;
    },
    clear: (handle) => timers.delete(handle as number),
    pending: () => timers.size,
    elapse: () => {
      const [first] = timers;
      if (!first) throw new Error('no window is open');
      timers.delete(first[0]);
      first[1]();
    },
  };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

describe('OutputPacer', () => {
  it('writes a chunk after a quiet moment at once (an echo waits for nothing)', () => {
    const timers = manualTimers();
    const written: string[] = [];
    const pacer = new OutputPacer((d) => written.push(text(d)), timers);
    pacer.push(bytes('a'));
    expect(written).toEqual(['a']);
  });

  it('holds what follows within the window and writes it as one chunk when the window ends', () => {
    const timers = manualTimers();
    const written: string[] = [];
    const pacer = new OutputPacer((d) => written.push(text(d)), timers);
    pacer.push(bytes('first'));
    pacer.push(bytes('sec'));
    pacer.push(bytes('ond'));
    expect(written).toEqual(['first']);
    timers.elapse();
    expect(written).toEqual(['first', 'second']);
    // That write opened the next window; it closes empty, and the next chunk goes at once.
    timers.elapse();
    expect(timers.pending()).toBe(0);
    pacer.push(bytes('x'));
    expect(written).toEqual(['first', 'second', 'x']);
  });

  it("writes what it holds on flush, before a line of the app's own, keeping the order", () => {
    const timers = manualTimers();
    const written: string[] = [];
    const pacer = new OutputPacer((d) => written.push(text(d)), timers);
    pacer.push(bytes('a'));
    pacer.push(bytes('b'));
    pacer.flush();
    written.push('[closed]');
    expect(written).toEqual(['a', 'b', '[closed]']);
  });

  it('drops held output on discard, and writes nothing once disposed', () => {
    const timers = manualTimers();
    const written: string[] = [];
    const pacer = new OutputPacer((d) => written.push(text(d)), timers);
    pacer.push(bytes('a'));
    pacer.push(bytes('stale'));
    pacer.discard();
    expect(timers.pending()).toBe(0);
    pacer.push(bytes('fresh'));
    expect(written).toEqual(['a', 'fresh']);
    pacer.dispose();
    expect(timers.pending()).toBe(0);
    pacer.push(bytes('late'));
    expect(written).toEqual(['a', 'fresh']);
  });

  it('draws a flood less often once it has gone on for half a second, and at the usual pace again after a pause', () => {
    const timers = manualTimers();
    const written: string[] = [];
    const pacer = new OutputPacer((d) => written.push(text(d)), timers);
    const block = 'x'.repeat(FLOOD_WINDOW_BYTES);
    pacer.push(bytes('start'));
    for (let i = 0; i < FLOOD_AFTER_WINDOWS + 3; i++) {
      pacer.push(bytes(block));
      timers.elapse();
    }
    expect(timers.lengths.slice(0, FLOOD_AFTER_WINDOWS)).toEqual(Array(FLOOD_AFTER_WINDOWS).fill(OUTPUT_INTERVAL_MS));
    expect(timers.lengths.slice(FLOOD_AFTER_WINDOWS)).toEqual(Array(4).fill(FLOOD_INTERVAL_MS));
    expect(written.join('')).toBe(`start${block.repeat(FLOOD_AFTER_WINDOWS + 3)}`);
    // A window with nothing in it ends the flood: the next output is written at once, then paced as usual.
    timers.elapse();
    expect(timers.pending()).toBe(0);
    pacer.push(bytes('echo'));
    expect(written.at(-1)).toBe('echo');
    expect(timers.lengths.at(-1)).toBe(OUTPUT_INTERVAL_MS);
  });

  it('never takes echoes for a flood, however fast the keys come', () => {
    const timers = manualTimers();
    const written: string[] = [];
    const pacer = new OutputPacer((d) => written.push(text(d)), timers);
    // Each echo comes inside the window the one before opened, window after window.
    pacer.push(bytes('$ '));
    for (let i = 0; i < 3 * FLOOD_AFTER_WINDOWS; i++) {
      pacer.push(bytes('k'));
      timers.elapse();
    }
    expect(written).toHaveLength(1 + 3 * FLOOD_AFTER_WINDOWS);
    expect(timers.lengths.every((ms) => ms === OUTPUT_INTERVAL_MS)).toBe(true);
  });

  it('writes the echo of a typed key at once, even inside a window, and ends a flood’s pace', () => {
    const timers = manualTimers();
    const written: string[] = [];
    const pacer = new OutputPacer((d) => written.push(text(d)), timers);
    const block = 'x'.repeat(FLOOD_WINDOW_BYTES);
    pacer.push(bytes(block));
    for (let i = 0; i < FLOOD_AFTER_WINDOWS + 1; i++) {
      pacer.push(bytes(block));
      timers.elapse();
    }
    expect(timers.lengths.at(-1)).toBe(FLOOD_INTERVAL_MS);
    pacer.push(bytes('tail'));
    pacer.typed();
    pacer.push(bytes('a'));
    expect(written.at(-1)).toBe('taila');
    expect(timers.lengths.at(-1)).toBe(OUTPUT_INTERVAL_MS);
    // Only the echo: what comes after it is paced again.
    pacer.push(bytes('b'));
    expect(written.at(-1)).toBe('taila');
  });
});
