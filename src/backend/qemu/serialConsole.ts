import type net from 'node:net';
import type { StreamSink } from '../../api/handlers';
import { ByteRing } from './ringBuffer';

/** Bytes kept for a terminal that (re)connects: several screens of scrollback. */
const RING_BYTES = 256 * 1024;
/** Text kept for pattern waits (boot markers, test and demo reads). */
const TEXT_TAIL_CHARS = 64 * 1024;
/**
 * Each new chunk is searched together with this much of the text before it, so a match
 * cut between chunks is found without rescanning the whole tail on every byte.
 */
const MATCH_OVERLAP_CHARS = 4096;

/**
 * Output that follows other output within this time is passed on together. QEMU's UART
 * writes one byte per send, so a busy guest's output arrives in reads of a few bytes;
 * decoding, storing and sending each (one WebSocket frame, one xterm.js write and one
 * acknowledgement per read) would keep the event loop busy. The socket is still read at
 * once (QEMU's socket holds only a few hundred one-byte sends, and a guest whose UART
 * cannot send waits), only what is done with the bytes waits. Output after a quiet
 * moment, or after a key was typed (its echo), is passed on at once. One frame (16 ms) rather than 4:
 * a terminal shows nothing faster, and a loaded machine made a 4 ms window send a
 * WebSocket frame per few bytes (the server's writev was its largest CPU cost in a flood).
 */
const BATCH_MS = 16;

/**
 * Busybox's shell asks the terminal where its cursor is after each prompt (DSR, `ESC[6n`),
 * and the terminal answers on the input (CPR, `ESC[row;colR`). The query may be cut between
 * two reads of the console, so this much of the text before a chunk is searched with it.
 */
const CURSOR_QUERY = '\x1b[6n';
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const CURSOR_REPORT = /\x1b\[\d+;\d+R/g;
/**
 * How long keys typed while a query is unanswered wait for the answer: a connected
 * terminal that does not answer (or is gone) must not hold the keys for longer.
 */
const ANSWER_WAIT_MS = 1000;

/**
 * How long a terminal that stays behind may hold the guest's output. One that is drawing
 * catches up in well under this (a quarter of a second for the watermarks' 192 KiB at
 * xterm.js's pace here); one that is not (a tab in the background, a stalled connection)
 * would otherwise stop the guest for as long as it stays so (docs/qemu.md#the-console).
 */
export const CONSOLE_HOLD_LIMIT_MS = 2000;

/** A terminal's full reset (RIS): clears the screen and the scrollback before a rewound screen. */
const RESET_TERMINAL = new Uint8Array([0x1b, 0x63]);

/** A match on the console, with the absolute position just after it. */
export type ConsoleMatch = RegExpExecArray & { end: number };

interface TextWaiter {
  pattern: RegExp;
  from: number;
  /** Absolute position up to which the text was searched already. */
  scanned: number;
  resolve: (match: ConsoleMatch) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * A VM's serial console as a terminal session (after Tabby's sessions): output goes to a
 * ring buffer from the first byte and to every subscribed sink, input goes to the guest.
 * The underlying socket can be swapped (live migration) without subscribers noticing.
 * Backpressure: while any sink is above its high watermark, the socket is paused, so
 * QEMU (and then the guest's UART) waits instead of flooding the renderer. A channel
 * whose QEMU end drops what it cannot write at once (the virtio console) is never paused:
 * its `GuestHold` stops the guest instead, asked again for every read while a sink is
 * blocked (something else may have let the guest run), and lets it go once none is.
 * A sink blocked for CONSOLE_HOLD_LIMIT_MS is left behind: it stops holding the output
 * and gets none until it drains, then a reset and the kept screen, as a terminal that
 * reconnects does.
 */
export interface GuestHold {
  hold(): void;
  release(): void;
}

export interface ConsoleOptions {
  /** Stops the guest while a terminal is behind, for a channel that cannot be paused. */
  guestHold?: GuestHold;
}

export class SerialConsole {
  private readonly ring: ByteRing;
  private readonly sinks = new Set<StreamSink<Uint8Array>>();
  /** Sinks above their high watermark that hold the output, each with the timer that ends its hold. */
  private readonly blocked = new Map<StreamSink<Uint8Array>, NodeJS.Timeout>();
  /** Sinks left behind: they get no output until they drain; `true` once they missed some. */
  private readonly behind = new Map<StreamSink<Uint8Array>, boolean>();
  private readonly textListeners = new Set<(text: string) => void>();
  private waiters: TextWaiter[] = [];
  private socket: net.Socket | undefined;
  /**
   * One streaming decoder for all output: a character cut between two reads is held
   * until complete, so no chunk a terminal gets ends inside one (bytes that are not
   * UTF-8 reach terminals as U+FFFD, as xterm.js would show them anyway).
   */
  private readonly decoder = new TextDecoder();
  private readonly encoder = new TextEncoder();
  /** Decoded output, trimmed to the last TEXT_TAIL_CHARS; `textBase` is its offset. */
  private text = '';
  private textBase = 0;
  /**
   * The last chunk with at least MATCH_OVERLAP_CHARS of text before it, kept apart: the
   * tail is built by appending, and searching it would copy all of it into one string
   * again after every chunk.
   */
  private recent = '';
  /** Bytes read since the last delivery, while a batch window is open. */
  private pending: Buffer[] = [];
  /** The open batch window: output arriving before it ends waits for it. */
  private batchTimer: NodeJS.Timeout | undefined;
  /** Cursor position queries sent to connected terminals and not answered yet. */
  private unanswered = 0;
  /** The end of the last output, where a query cut between two chunks begins. */
  private queryTail = '';
  /** Keys typed while a query was unanswered, waiting for its answer (in order). */
  private heldKeys: Buffer[] = [];
  private answerTimer: NodeJS.Timeout | undefined;
  private readonly guestHold: GuestHold | undefined;

  constructor(options: ConsoleOptions = {}) {
    this.ring = new ByteRing(RING_BYTES);
    this.guestHold = options.guestHold;
  }

  /** Total characters of output so far: a position to wait for text after. */
  get position(): number {
    this.flush();
    return this.textBase + this.text.length;
  }

  /** Reads from this socket from now on; the previous one is left to its owner to close. */
  attach(socket: net.Socket): void {
    this.detach();
    this.socket = socket;
    socket.on('data', this.onData);
    if (this.blocked.size) this.holdOutput();
  }

  /** Stops reading the current socket (it stays open). */
  detach(): void {
    if (!this.socket) return;
    this.socket.off('data', this.onData);
    this.socket = undefined;
  }

  /**
   * Sends keystrokes (or pasted text) to the guest. The shell's cursor position query is
   * answered first: keys typed after a query reached the terminals wait (up to
   * ANSWER_WAIT_MS) until a terminal's answer went in. A lesson step sent before xterm.js
   * parsed the query would otherwise reach the shell first; the shell runs the line, and
   * the answer arriving during the command is echoed by the guest's tty as `^[[10;28R`.
   * An answer nothing asked for (a second terminal's, or one to a query in a replayed
   * screen) is dropped for the same reason.
   */
  input(data: Uint8Array): void {
    if (!this.socket || this.socket.destroyed) throw new Error('the console is not connected');
    // What a key brings back first is its echo: it goes out at once, not at the window's end.
    this.closeBatch();
    // One character per byte, so bytes that are not UTF-8 go to the guest unchanged.
    const text = Buffer.from(data).toString('latin1');
    if (!text.includes('\x1b[') && this.unanswered === 0 && this.heldKeys.length === 0) {
      this.socket.write(data);
      return;
    }
    let from = 0;
    for (const report of text.matchAll(CURSOR_REPORT)) {
      this.typed(text.slice(from, report.index));
      from = report.index + report[0].length;
      if (this.unanswered === 0) continue;
      this.unanswered--;
      this.socket.write(Buffer.from(report[0], 'latin1'));
      if (this.unanswered === 0) this.releaseKeys();
    }
    this.typed(text.slice(from));
  }

  /** Writes a line of our own into the terminal (e.g. "QEMU exited"), as if the guest had. */
  note(message: string): void {
    this.flush();
    this.deliver(`\r\n\x1b[1m[strata] ${message}\x1b[0m\r\n`);
  }

  /** The kept screen (what a terminal connecting now is shown first), from a whole character. */
  screen(): Uint8Array {
    this.flush();
    const kept = this.ring.contents();
    // After the ring wrapped, its first bytes may be the tail of a character.
    let start = 0;
    while (start < kept.byteLength && start < 3 && (kept[start]! & 0xc0) === 0x80) start++;
    return kept.subarray(start);
  }

  /**
   * Puts back a screen `screen()` gave earlier (a rewind): the kept screen becomes it,
   * and every terminal connected now is reset (RIS, `ESC c`, which also clears its
   * scrollback) and shown it. Pattern waits do not see it again: it is not new output.
   */
  replay(screen: Uint8Array): void {
    this.flush();
    this.ring.clear();
    const bytes = afterReset(screen);
    this.ring.write(bytes);
    for (const sink of this.sinks) if (!sink.closed) this.send(sink, bytes);
  }

  /**
   * Connects a terminal: first the kept screen, then live output. Returns the function
   * that disconnects it.
   */
  subscribe(sink: StreamSink<Uint8Array>): () => void {
    const kept = this.screen();
    this.sinks.add(sink);
    sink.onDrain(() => this.drained(sink));
    if (kept.byteLength > 0 && !sink.write(kept)) this.block(sink);
    return () => this.forget(sink);
  }

  /** Receives every piece of decoded output (boot markers, crash detection). */
  onText(listener: (text: string) => void): () => void {
    this.textListeners.add(listener);
    return () => this.textListeners.delete(listener);
  }

  /** The kept text after absolute position `from` (all of it when `from` scrolled out). */
  textSince(from: number): string {
    this.flush();
    return this.text.slice(Math.max(0, from - this.textBase));
  }

  /**
   * Resolves with the first match of `pattern` in output after position `from`, and
   * where it ends: text that came in the same read as the match is already past
   * `position` by then. Matches are expected to be short (under 4 KiB): long output is
   * read with textSince().
   * `signal` gives the wait up early (its timer goes with it).
   */
  waitFor(pattern: RegExp, timeoutMs: number, from = 0, signal?: AbortSignal): Promise<ConsoleMatch> {
    this.flush();
    const found = this.search(pattern, from);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: TextWaiter = {
        pattern,
        from,
        scanned: this.position,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new Error(`no ${pattern} on the console within ${timeoutMs} ms; last output: ${JSON.stringify(this.text.slice(-300))}`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', () => {
        if (!this.waiters.includes(waiter)) return;
        clearTimeout(waiter.timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`stopped waiting for ${pattern}`));
      });
    });
  }

  /** The console is gone for good: subscribers' streams end, waiters fail. */
  close(reason: string): void {
    this.detach();
    this.closeBatch();
    clearTimeout(this.answerTimer);
    this.answerTimer = undefined;
    this.heldKeys = [];
    for (const sink of this.sinks) sink.end();
    this.sinks.clear();
    for (const timer of this.blocked.values()) clearTimeout(timer);
    this.blocked.clear();
    this.behind.clear();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error(`console closed: ${reason}`));
    }
    this.waiters = [];
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.blocked.size) this.holdOutput();
    this.pending.push(chunk);
    if (this.batchTimer) return;
    this.flush();
    this.openBatch();
  };

  /** Holds output for BATCH_MS; the window closes when none came meanwhile. */
  private openBatch(): void {
    this.batchTimer = setTimeout(() => {
      this.batchTimer = undefined;
      if (this.pending.length === 0) return;
      this.flush();
      this.openBatch();
    }, BATCH_MS);
    this.batchTimer.unref();
  }

  private closeBatch(): void {
    if (!this.batchTimer) return;
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    this.flush();
  }

  /** Passes on the output held back so far, as one chunk. */
  private flush(): void {
    if (this.pending.length === 0) return;
    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    const text = this.decoder.decode(bytes, { stream: true });
    if (text) this.deliver(text);
  }

  private deliver(text: string): void {
    this.countQueries(text);
    const bytes = this.encoder.encode(text);
    this.ring.write(bytes);
    for (const sink of this.sinks) {
      if (sink.closed) this.forget(sink);
      else this.send(sink, bytes);
    }
    this.text += text;
    this.recent = (this.recent.length > MATCH_OVERLAP_CHARS ? this.recent.slice(-MATCH_OVERLAP_CHARS) : this.recent) + text;
    // Trimmed only at twice the size, so a stream of small chunks is not copied each time.
    if (this.text.length > 2 * TEXT_TAIL_CHARS) {
      const drop = this.text.length - TEXT_TAIL_CHARS;
      this.text = this.text.slice(drop);
      this.textBase += drop;
    }
    for (const listener of this.textListeners) listener(text);
    for (const w of [...this.waiters]) {
      const match = this.search(w.pattern, Math.max(w.from, w.scanned - MATCH_OVERLAP_CHARS));
      w.scanned = this.position;
      if (!match) continue;
      clearTimeout(w.timer);
      this.waiters = this.waiters.filter((x) => x !== w);
      w.resolve(match);
    }
  }

  /** Keys for the guest: held while a query is unanswered, else written. */
  private typed(keys: string): void {
    if (!keys) return;
    const bytes = Buffer.from(keys, 'latin1');
    if (this.unanswered === 0 && this.heldKeys.length === 0) {
      this.socket?.write(bytes);
      return;
    }
    this.heldKeys.push(bytes);
    this.answerTimer ??= setTimeout(() => {
      // No answer came: whatever was asked is not answered by now, the keys go in.
      this.unanswered = 0;
      this.releaseKeys();
    }, ANSWER_WAIT_MS);
    this.answerTimer.unref();
  }

  private releaseKeys(): void {
    clearTimeout(this.answerTimer);
    this.answerTimer = undefined;
    const keys = this.heldKeys;
    this.heldKeys = [];
    for (const bytes of keys) this.socket?.write(bytes);
  }

  /** Counts the cursor position queries in new output that a connected terminal will answer. */
  private countQueries(text: string): void {
    const searched = this.queryTail + text;
    this.queryTail = searched.slice(-(CURSOR_QUERY.length - 1));
    if (this.sinks.size === 0) return;
    for (let at = searched.indexOf(CURSOR_QUERY); at >= 0; at = searched.indexOf(CURSOR_QUERY, at + CURSOR_QUERY.length)) this.unanswered++;
  }

  private search(pattern: RegExp, from: number): ConsoleMatch | null {
    const re = new RegExp(pattern.source, pattern.flags.replace('g', ''));
    const recentBase = this.position - this.recent.length;
    const base = from >= recentBase ? from : Math.max(0, from - this.textBase) + this.textBase;
    const match = from >= recentBase ? re.exec(this.recent.slice(from - recentBase)) : re.exec(this.text.slice(base - this.textBase));
    return match && Object.assign(match, { end: base + match.index + match[0].length });
  }

  /** Writes output to one sink, or notes that it missed it while left behind. */
  private send(sink: StreamSink<Uint8Array>, bytes: Uint8Array): void {
    if (this.behind.has(sink)) {
      this.behind.set(sink, true);
      return;
    }
    // Each sink gets its own copy: transports may transfer or hold the buffer.
    if (!sink.write(bytes.slice())) this.block(sink);
  }

  private block(sink: StreamSink<Uint8Array>): void {
    if (!this.blocked.has(sink)) {
      const timer = setTimeout(() => this.leaveBehind(sink), CONSOLE_HOLD_LIMIT_MS);
      timer.unref();
      this.blocked.set(sink, timer);
    }
    this.holdOutput();
  }

  private leaveBehind(sink: StreamSink<Uint8Array>): void {
    this.unblock(sink);
    this.behind.set(sink, false);
  }

  /**
   * A sink is below its low watermark again. One left behind that missed output is reset
   * and shown the kept screen, which has what it missed; it stays behind (getting nothing,
   * holding nothing) until it drains with nothing missed, so a terminal that keeps falling
   * behind does not stop the guest again and again.
   */
  private drained(sink: StreamSink<Uint8Array>): void {
    if (!this.behind.has(sink)) {
      this.unblock(sink);
      return;
    }
    if (!this.behind.get(sink)) {
      this.behind.delete(sink);
      return;
    }
    this.behind.set(sink, false);
    if (sink.write(afterReset(this.screen()))) this.behind.delete(sink);
  }

  private forget(sink: StreamSink<Uint8Array>): void {
    this.sinks.delete(sink);
    this.behind.delete(sink);
    this.unblock(sink);
  }

  private unblock(sink: StreamSink<Uint8Array>): void {
    const timer = this.blocked.get(sink);
    if (!timer) return;
    clearTimeout(timer);
    this.blocked.delete(sink);
    if (this.blocked.size) return;
    if (this.guestHold) this.guestHold.release();
    else this.socket?.resume();
  }

  private holdOutput(): void {
    if (this.guestHold) this.guestHold.hold();
    else this.socket?.pause();
  }
}

/** A screen a terminal is to show from scratch: its full reset, then the screen. */
function afterReset(screen: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(RESET_TERMINAL.byteLength + screen.byteLength);
  bytes.set(RESET_TERMINAL, 0);
  bytes.set(screen, RESET_TERMINAL.byteLength);
  return bytes;
}
