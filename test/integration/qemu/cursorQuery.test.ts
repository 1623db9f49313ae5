import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { CollectingSink, disposeAndCheck, newService, skipWithoutQemu, until } from './qemuTestKit';

/**
 * Busybox's shell asks the terminal where its cursor is (ESC[6n) after each prompt, and
 * xterm.js answers (ESC[row;colR) once it has parsed the query. On a loaded machine a
 * lesson step, or a fast typist, can send a line before that answer: the shell then runs
 * the line, and the answer reaches it while the command runs, so the guest's tty echoes
 * it into the screen as `^[[10;28R`. Here the terminal answers late on purpose, as
 * xterm.js does when the page is busy: the line, then the answer.
 */
// eslint-disable-next-line no-control-regex -- the shell's query is an escape sequence
const PROMPT_ASKING = /.*:\/root# \x1b\[6n/;

describe.skipIf(skipWithoutQemu)('the shell’s cursor position query and keys typed before its answer', () => {
  let service: VmService;
  const sink = new CollectingSink();
  const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
  /** Waits until the console shows `pattern` after the last `from`, and fails with what it shows. */
  const shows = (pattern: RegExp, what: string, timeoutMs = 60_000, from = ''): Promise<void> =>
    until(() => pattern.test(from ? sink.text.slice(sink.text.lastIndexOf(from)) : sink.text), timeoutMs, what).catch((err: Error) => {
      throw new Error(`${err.message}; the console ended with ${JSON.stringify(sink.text.slice(-400))}`);
    });

  beforeAll(async () => {
    service = newService();
    await service.create({ id: 'cpr', memoryMiB: 256, cpus: 1, noVirtExtensions: false, waitReady: true });
    service.subscribeConsole('cpr', sink);
    await shows(PROMPT_ASKING, 'the prompt and its cursor position query', 120_000);
  }, 180_000);

  afterAll(async () => {
    await disposeAndCheck(service);
  }, 60_000);

  it('shows no answer of the terminal in the guest’s screen when a line was typed before it', async () => {
    // The line goes first; the terminal answers only once the command has started.
    service.input('cpr', enc('echo started; sleep 2; echo slept\r'));
    await shows(/^started\r?$/m, 'the command to start', 30_000, 'echo started; sleep 2');
    service.input('cpr', enc('\x1b[10;28R'));
    await shows(/slept\r?\n.*:\/root# /, 'the command to end and the next prompt', 60_000, 'echo started; sleep 2');
    // The answer did not reach the guest while the command ran, so its tty did not echo it.
    expect(sink.text.slice(sink.text.lastIndexOf('echo started; sleep 2'))).not.toContain('^[[');

    // The next prompt asks again, and a line typed with the answer right behind it runs as usual.
    await shows(new RegExp(`^slept\\r?\\n${PROMPT_ASKING.source}`, 'm'), 'the next prompt’s query', 30_000, 'echo started; sleep 2');
    service.input('cpr', enc('echo next\r'));
    service.input('cpr', enc('\x1b[11;9R'));
    await shows(/^next\r?\n.*:\/root# /m, 'the next command', 30_000, 'echo next');
    expect(sink.text.slice(sink.text.lastIndexOf('echo next'))).not.toContain('^[[');
  });
});
