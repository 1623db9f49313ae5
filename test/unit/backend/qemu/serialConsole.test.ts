import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamSink } from '../../../../src/api/handlers';
import { CONSOLE_HOLD_LIMIT_MS, SerialConsole } from '../../../../src/backend/qemu/serialConsole';

/** A sink like the API session's: reports "behind" once `limit` bytes are unacknowledged. */
class TestSink implements StreamSink<Uint8Array> {
  chunks: Uint8Array[] = [];
  unacked = 0;
  closed = false;
  private drain: Array<() => void> = [];
  constructor(public limit = Infinity) {}
  write(data: Uint8Array): boolean {
    this.chunks.push(data);
    this.unacked += data.byteLength;
    return this.unacked < this.limit;
  }
  onDrain(listener: () => void): void {
    this.drain.push(listener);
  }
  end(): void {
    this.closed = true;
  }
  ackAll(): void {
    this.unacked = 0;
    for (const l of this.drain) l();
  }
  get text(): string {
    return this.chunks.map((c) => new TextDecoder('utf-8', { fatal: true }).decode(c)).join('');
  }
}

// eslint-disable-next-line no-control-regex -- the shell's query is an escape sequence
const CURSOR_QUERY = /\x1b\[6n/;

describe('SerialConsole', () => {
  let dir: string;
  let server: net.Server;
  let guest: net.Socket;
  let backend: net.Socket;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'serial-'));
    const sock = path.join(dir, 's');
    const accepted = new Promise<net.Socket>((resolve) => {
      server = net.createServer((s) => resolve(s));
    });
    await new Promise<void>((r) => server.listen(sock, r));
    backend = net.createConnection(sock);
    guest = await accepted;
  });

  afterEach(() => {
    backend.destroy();
    guest.destroy();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A console on the virtio channel's terms: reading the guest, its holds and releases recorded in order. */
  const heldConsole = (): { c: SerialConsole; calls: string[] } => {
    const calls: string[] = [];
    const c = new SerialConsole({ guestHold: { hold: () => calls.push('hold'), release: () => calls.push('release') } });
    c.attach(backend);
    return { c, calls };
  };

  it('replays what the guest printed before the terminal connected', async () => {
    const c = new SerialConsole();
    c.attach(backend);
    guest.write('boot log line 1\r\nlogin prompt# ');
    await c.waitFor(/prompt# /, 2000);
    const late = new TestSink();
    c.subscribe(late);
    expect(late.text).toBe('boot log line 1\r\nlogin prompt# ');
    guest.write('more');
    await c.waitFor(/more/, 2000);
    expect(late.text.endsWith('more')).toBe(true);
  });

  it('says where a match ends, so a wait for what follows it finds text that came in the same read', async () => {
    const c = new SerialConsole();
    c.attach(backend);
    guest.write('boot\r\n');
    await c.waitFor(/boot/, 2000);
    guest.write('strata: ready first\r\n\r\nfirst:/root# ');
    const ready = await c.waitFor(/strata: ready \S+\r\n/, 2000);
    expect(ready.end).toBe('boot\r\nstrata: ready first\r\n'.length);
    // The prompt is already in: a wait from the console's position now would miss it.
    expect(c.position).toBeGreaterThan(ready.end);
    await expect(c.waitFor(/root# /, 2000, ready.end)).resolves.toMatchObject({ end: c.position });
  });

  it('never cuts a multi-byte character between chunks', async () => {
    const c = new SerialConsole();
    c.attach(backend);
    const sink = new TestSink();
    c.subscribe(sink);
    const euro = Buffer.from('€');
    guest.write(Buffer.concat([Buffer.from('price: '), euro.subarray(0, 1)]));
    await new Promise((r) => setTimeout(r, 50));
    guest.write(Buffer.concat([euro.subarray(1), Buffer.from(' done')]));
    await c.waitFor(/done/, 2000);
    expect(sink.text).toBe('price: € done');
  });

  it('passes bytes that are not UTF-8 on at once, as the replacement character', async () => {
    const c = new SerialConsole();
    c.attach(backend);
    const sink = new TestSink();
    c.subscribe(sink);
    guest.write(Buffer.from([0xff, 0x41, 0xc3]));
    await c.waitFor(/A/, 2000);
    expect(sink.text).toBe('\ufffdA');
  });

  it('stops reading the guest while a terminal is behind, and resumes when it drains', async () => {
    const c = new SerialConsole();
    c.attach(backend);
    const sink = new TestSink(4);
    c.subscribe(sink);
    guest.write('12345');
    await c.waitFor(/12345/, 2000);
    expect(backend.isPaused()).toBe(true);
    guest.write('later');
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.text).toBe('12345');
    sink.ackAll();
    expect(backend.isPaused()).toBe(false);
    await c.waitFor(/later/, 2000);
    expect(sink.text).toBe('12345later');
  });

  it('with a guest hold (the virtio console), keeps reading and holds the guest instead, at every read while a terminal is behind', async () => {
    const { c, calls } = heldConsole();
    const sink = new TestSink(4);
    c.subscribe(sink);
    guest.write('12345');
    await c.waitFor(/12345/, 2000);
    expect(calls).toEqual(['hold']);
    // Output still comes (QEMU would drop it otherwise) and reaches the terminal.
    guest.write('later');
    await c.waitFor(/later/, 2000);
    expect(backend.isPaused()).toBe(false);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls).not.toContain('release');
    sink.ackAll();
    expect(calls.at(-1)).toBe('release');
    await vi.waitFor(() => expect(sink.text).toBe('12345later'));
  });

  describe('a terminal that stays behind', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('holds the guest for a while only, then misses output, and gets a reset and the kept screen when it catches up', async () => {
      const { c, calls } = heldConsole();
      const slow = new TestSink(4);
      const quick = new TestSink();
      c.subscribe(slow);
      c.subscribe(quick);
      guest.write('12345');
      await vi.waitFor(() => expect(quick.text).toBe('12345'));
      expect(calls).toEqual(['hold']);
      vi.advanceTimersByTime(CONSOLE_HOLD_LIMIT_MS / 2);
      expect(calls).toEqual(['hold']);
      vi.advanceTimersByTime(CONSOLE_HOLD_LIMIT_MS / 2);
      expect(calls).toEqual(['hold', 'release']);

      // Left behind: the guest runs, the other terminal gets everything, this one nothing.
      guest.write('missed');
      await vi.waitFor(() => expect(quick.text).toBe('12345missed'));
      expect(slow.text).toBe('12345');
      expect(calls).toEqual(['hold', 'release']);

      // It catches up: its screen is redrawn from scratch, with what it missed.
      slow.ackAll();
      expect(slow.text).toBe('12345\x1bc12345missed');
      // It is live again; falling behind holds the guest again.
      slow.ackAll();
      guest.write('!');
      await vi.waitFor(() => expect(slow.text).toBe('12345\x1bc12345missed!'));
      expect(calls).toEqual(['hold', 'release']);
      slow.limit = 1;
      guest.write('?');
      await vi.waitFor(() => expect(calls).toEqual(['hold', 'release', 'hold']));
    });

    it('pauses the serial line for a while only, and leaves it paused for none of its terminals', async () => {
      const c = new SerialConsole();
      c.attach(backend);
      const slow = new TestSink(4);
      c.subscribe(slow);
      guest.write('12345');
      await vi.waitFor(() => expect(backend.isPaused()).toBe(true));
      vi.advanceTimersByTime(CONSOLE_HOLD_LIMIT_MS);
      expect(backend.isPaused()).toBe(false);
      guest.write('later');
      await vi.waitFor(() => expect(c.textSince(0)).toContain('later'));
      expect(slow.text).toBe('12345');
      slow.ackAll();
      expect(slow.text).toBe('12345\x1bc12345later');
    });

    it('stays behind while its redrawn screen is above the watermark, and is redrawn again if it missed more', async () => {
      const { c, calls } = heldConsole();
      const slow = new TestSink(4);
      c.subscribe(slow);
      guest.write('12345');
      await vi.waitFor(() => expect(calls).toEqual(['hold']));
      vi.advanceTimersByTime(CONSOLE_HOLD_LIMIT_MS);
      guest.write('abc');
      await vi.waitFor(() => expect(c.textSince(0)).toContain('abc'));
      slow.ackAll();
      expect(slow.text).toBe('12345\x1bc12345abc');
      // The redraw is above the watermark: output goes past it, and the guest is not held.
      guest.write('def');
      await vi.waitFor(() => expect(c.textSince(0)).toContain('def'));
      expect(slow.text).toBe('12345\x1bc12345abc');
      expect(calls).toEqual(['hold', 'release']);
      slow.ackAll();
      expect(slow.text).toBe('12345\x1bc12345abc\x1bc12345abcdef');
      // Drained with nothing missed: live.
      slow.limit = Infinity;
      slow.ackAll();
      guest.write('g');
      await vi.waitFor(() => expect(slow.text.endsWith('defg')).toBe(true));
    });
  });

  it('passes output after a quiet moment on at once, and a burst of small reads in fewer chunks, in order', async () => {
    // QEMU's UART sends a byte at a time: a busy guest arrives as many reads of a few bytes.
    const reads = Object.assign(new EventEmitter(), { pause: () => undefined, resume: () => undefined }) as unknown as net.Socket;
    const c = new SerialConsole();
    c.attach(reads);
    const sink = new TestSink();
    c.subscribe(sink);
    reads.emit('data', Buffer.from('$ '));
    expect(sink.text).toBe('$ ');
    const burst = Array.from({ length: 200 }, (_, i) => `line ${i}\r\n`);
    for (const line of burst) reads.emit('data', Buffer.from(line));
    await vi.waitFor(() => expect(sink.text).toBe(`$ ${burst.join('')}`));
    expect(sink.chunks.length).toBeLessThan(10);
    // What was read is counted as output at once by the console's own readers.
    reads.emit('data', Buffer.from('ok'));
    reads.emit('data', Buffer.from(' more'));
    expect(c.textSince(c.position - 7)).toBe('ok more');
    expect(sink.text.endsWith('ok more')).toBe(true);
  });

  it('passes a key’s echo on at once, even right after other output', () => {
    const reads = Object.assign(new EventEmitter(), { pause: () => undefined, resume: () => undefined, write: () => true }) as unknown as net.Socket;
    const c = new SerialConsole();
    c.attach(reads);
    const sink = new TestSink();
    c.subscribe(sink);
    reads.emit('data', Buffer.from('a'));
    // Within the batch window a read waits for its end, unless a key was typed meanwhile.
    reads.emit('data', Buffer.from('b'));
    expect(sink.text).toBe('a');
    c.input(new TextEncoder().encode('c'));
    expect(sink.text).toBe('ab');
    reads.emit('data', Buffer.from('c'));
    expect(sink.text).toBe('abc');
  });

  it('sends input to the guest and writes notes into the screen', async () => {
    const c = new SerialConsole();
    c.attach(backend);
    const got = new Promise<string>((resolve) => guest.once('data', (d: Buffer) => resolve(d.toString())));
    c.input(new TextEncoder().encode('uname -a\n'));
    expect(await got).toBe('uname -a\n');
    const sink = new TestSink();
    c.subscribe(sink);
    c.note('Machine vm1 crashed: QEMU exited');
    expect(sink.text).toContain('[strata] Machine vm1 crashed: QEMU exited');
  });

  it('finds a marker cut between two reads, after a long stream of output', async () => {
    const c = new SerialConsole();
    c.attach(backend);
    const from = c.position;
    const found = c.waitFor(/@@END42/, 5000, from);
    guest.write('x'.repeat(200_000) + '@@EN');
    await new Promise((r) => setTimeout(r, 50));
    guest.write('D42\r\n');
    await found;
    expect(c.textSince(from).endsWith('x@@END42\r\n')).toBe(true);
  });

  it('gives a wait up when its signal aborts, leaving other waits alone', async () => {
    const c = new SerialConsole();
    c.attach(backend);
    const stop = new AbortController();
    const given = c.waitFor(/never/, 60_000, 0, stop.signal);
    const kept = c.waitFor(/later/, 2000);
    stop.abort();
    await expect(given).rejects.toThrow('stopped waiting for /never/');
    guest.write('later');
    await expect(kept).resolves.toBeTruthy();
  });

  it('ends subscribers and fails waiters when closed', async () => {
    const c = new SerialConsole();
    c.attach(backend);
    const sink = new TestSink();
    c.subscribe(sink);
    const wait = c.waitFor(/never/, 5000);
    c.close('vm1 was removed');
    expect(sink.closed).toBe(true);
    await expect(wait).rejects.toThrow('console closed: vm1 was removed');
  });
  describe('the shell’s cursor position query (ESC[6n) and keys typed before its answer', () => {
    const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
    /** Everything the guest read from its console, as it arrives. */
    const guestReads = (): { text: () => string; until: (end: string) => Promise<void> } => {
      let got = '';
      guest.on('data', (d: Buffer) => (got += d.toString('latin1')));
      return {
        text: () => got,
        until: (end) => vi.waitFor(() => expect(got.endsWith(end)).toBe(true), { timeout: 3000, interval: 10 }),
      };
    };
    /** A console whose guest printed a prompt and asked for the cursor, seen by one terminal. */
    const asked = async (): Promise<SerialConsole> => {
      const c = new SerialConsole();
      c.attach(backend);
      c.subscribe(new TestSink());
      guest.write('vm1:/root# \x1b[6n');
      await c.waitFor(CURSOR_QUERY, 2000);
      return c;
    };

    it('lets the terminal’s answer reach the guest before a line typed after the query', async () => {
      const c = await asked();
      const reads = guestReads();
      c.input(enc('sleep 2; echo slept\r'));
      c.input(enc('\x1b[10;28R'));
      await reads.until('slept\r');
      expect(reads.text()).toBe('\x1b[10;28Rsleep 2; echo slept\r');
    });

    it('drops an answer nothing asked for: a second terminal’s, or one to a query in a replayed screen', async () => {
      const c = await asked();
      const reads = guestReads();
      c.input(enc('\x1b[10;28R'));
      c.input(enc('\x1b[10;28R'));
      c.input(enc('ls\r'));
      await reads.until('ls\r');
      expect(reads.text()).toBe('\x1b[10;28Rls\r');
    });

    it('finds a query cut between two reads of the console', async () => {
      const c = new SerialConsole();
      c.attach(backend);
      c.subscribe(new TestSink());
      guest.write('vm1:/root# \x1b[');
      await c.waitFor(/# .\[$/, 2000);
      await new Promise((r) => setTimeout(r, 20));
      guest.write('6n');
      await c.waitFor(/6n/, 2000);
      const reads = guestReads();
      c.input(enc('ls\r'));
      c.input(enc('\x1b[3;12R'));
      await reads.until('ls\r');
      expect(reads.text()).toBe('\x1b[3;12Rls\r');
    });

    it('sends the keys after a while when no terminal answers, and keeps arrow keys and bytes that are not UTF-8 as they are', async () => {
      const c = await asked();
      const reads = guestReads();
      c.input(new Uint8Array([0x1b, 0x5b, 0x41, 0xff, 0x0d]));
      await reads.until('\x1b[A\xff\r');
      // The query is given up for: what is typed next goes in at once.
      c.input(enc('ls\r'));
      await reads.until('ls\r');
      expect(reads.text()).toBe('\x1b[A\xff\rls\r');
    });

    it('holds nothing when no terminal is connected to answer', async () => {
      const c = new SerialConsole();
      c.attach(backend);
      guest.write('vm1:/root# \x1b[6n');
      await c.waitFor(CURSOR_QUERY, 2000);
      const reads = guestReads();
      c.input(enc('ls\r'));
      await reads.until('ls\r');
      expect(reads.text()).toBe('ls\r');
    });
  });
});
