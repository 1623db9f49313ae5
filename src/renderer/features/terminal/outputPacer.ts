/**
 * Console output that follows an earlier write within this time waits and is written
 * with what comes after it. xterm.js draws once per animation frame in which it was
 * written to, and in headless or software-painted Chromium each drawn frame of a
 * scrolling screen costs the page (style, layout, paint, raster, compositing) more than
 * parsing all the text in it: a flood drawn 60 times a second took the CPU the guest's
 * QEMU needed on a 2-core machine. About 30 frames a second still looks like scrolling.
 */
export const OUTPUT_INTERVAL_MS = 33;
/**
 * Once output has come without a pause for this many windows (half a second), at least
 * {@link FLOOD_WINDOW_BYTES} in each, it is a flood (a build log, a `cat` of a big file):
 * nobody reads it as it scrolls, and drawing it 30 times a second still cost the page
 * twice the CPU the guest's QEMU was left on 2 cores (docs/qemu.md, "The console"). It is
 * then written 10 times a second until a window passes with less in it, or a key is typed.
 */
export const FLOOD_AFTER_WINDOWS = 15;
export const FLOOD_INTERVAL_MS = 100;
/** About 30 kB/s: far more than echoes of keys typed as fast as anyone types. */
export const FLOOD_WINDOW_BYTES = 1024;

export interface PacerTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const windowTimers: PacerTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Paces console output into a terminal: a chunk after a quiet moment (a keystroke's
 * echo) is written at once and opens a window of {@link OUTPUT_INTERVAL_MS}; chunks
 * arriving meanwhile are written together when it ends, which opens the next window
 * ({@link FLOOD_INTERVAL_MS} long in a flood). The window closes when none came. Held chunks are not acknowledged (the caller acks
 * in `write`'s callback), so the backend's flow control still bounds what waits here.
 */
export class OutputPacer {
  private held: Uint8Array[] = [];
  private timer: unknown;
  private disposed = false;
  /** Windows in a row that ended with a flood's worth of output held. */
  private busyWindows = 0;
  /** A key was typed: its echo is written the moment it comes, whatever window is open. */
  private echoDue = false;

  constructor(
    private readonly write: (data: Uint8Array) => void,
    private readonly timers: PacerTimers = windowTimers,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.disposed) return;
    this.held.push(chunk);
    if (this.timer !== undefined && !this.echoDue) return;
    this.echoDue = false;
    this.writeHeld();
  }

  /** The student typed: the output that comes next (the echo) is written at once, and a flood's pace ends. */
  typed(): void {
    this.echoDue = true;
    this.busyWindows = 0;
  }

  /** Writes what is held now (before a line of the app's own, such as the console closing). */
  flush(): void {
    if (this.held.length > 0) this.writeHeld();
  }

  /** Drops what is held (the stream starts over after a reconnection) and closes the window. */
  discard(): void {
    this.held = [];
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.busyWindows = 0;
    this.echoDue = false;
  }

  dispose(): void {
    this.discard();
    this.disposed = true;
  }

  private writeHeld(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    if (this.held.length === 0) {
      this.busyWindows = 0;
      return;
    }
    const data = this.held.length === 1 ? this.held[0]! : concat(this.held);
    this.held = [];
    this.write(data);
    this.timer = this.timers.set(
      () => {
        this.timer = undefined;
        this.busyWindows = heldBytes(this.held) >= FLOOD_WINDOW_BYTES ? this.busyWindows + 1 : 0;
        this.writeHeld();
      },
      this.busyWindows >= FLOOD_AFTER_WINDOWS ? FLOOD_INTERVAL_MS : OUTPUT_INTERVAL_MS,
    );
  }
}

function heldBytes(chunks: readonly Uint8Array[]): number {
  let length = 0;
  for (const c of chunks) length += c.byteLength;
  return length;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(heldBytes(chunks));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
