import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { useStrata } from '../../store/store';
import { encodeConsoleInput } from './consoleInput';
import { OutputPacer } from './outputPacer';
import { terminalTheme } from './terminalTheme';
import './terminal.css';

export interface VmTerminalProps {
  /** The VM whose console to show. */
  vmId: string;
  /** Called with every chunk of console text, e.g. to check a lesson step's expectation. */
  onOutput?: (text: string) => void;
  /** Rows when the terminal sits in a lesson cell rather than filling the Machines view. */
  rows?: number;
  /** Receives a function that types into the console (a lesson's "type this" step). */
  onReady?: (type: (text: string) => void) => void;
}

/**
 * The console of a real VM in xterm.js. Bytes arrive from the backend's ring
 * buffer first (so a remount or reload shows the screen as it was), then live, paced to
 * about 30 writes a second, 10 in a flood (`OutputPacer`); each chunk is acknowledged
 * only once xterm has processed it, which is what keeps a guest printing fast from
 * flooding the page.
 */
export function VmTerminal({ vmId, onOutput, rows, onReady }: VmTerminalProps) {
  const api = useStrata((s) => s.api);
  const theme = useStrata((s) => s.theme);
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const outputListener = useRef(onOutput);
  outputListener.current = onOutput;
  const readyListener = useRef(onReady);
  readyListener.current = onReady;

  useEffect(() => {
    if (!api || !host.current) return;
    const t = new Terminal({
      fontFamily: "'JetBrains Mono', 'DejaVu Sans Mono', monospace",
      fontSize: 13,
      cursorBlink: true,
      scrollback: 5000,
      convertEol: false,
      theme: terminalTheme(useStrata.getState().theme),
      ...(rows ? { rows } : {}),
    });
    const fit = new FitAddon();
    t.loadAddon(fit);
    t.loadAddon(new SearchAddon());
    t.open(host.current);
    term.current = t;
    const decoder = new TextDecoder();
    const type = (text: string): void => {
      pacer.typed();
      void api
        .call('vm.input', { id: vmId, data: { base64: encodeConsoleInput(text) } })
        .catch((err: Error) => t.write(`\r\n\x1b[31m[${err.message}]\x1b[0m\r\n`));
    };
    // Ctrl+Shift+C copies the selection; Ctrl+C stays the guest's interrupt.
    t.attachCustomKeyEventHandler((ev) => {
      if (ev.type === 'keydown' && ev.ctrlKey && ev.shiftKey && ev.code === 'KeyC') {
        const selection = t.getSelection();
        if (selection) void navigator.clipboard?.writeText(selection);
        return false;
      }
      return true;
    });
    const input = t.onData(type);
    // xterm parses queued chunks in batches and calls each one's callback in the same task:
    // one acknowledgement per batch instead of a WebSocket message per chunk.
    let processed = 0;
    const ackProcessed = (): void => {
      sub.ack(processed);
      processed = 0;
    };
    const pacer = new OutputPacer((data) =>
      t.write(data, () => {
        if (processed === 0) queueMicrotask(ackProcessed);
        processed += data.byteLength;
      }),
    );
    const sub = api.subscribe(
      'vm.console',
      { id: vmId },
      {
        data: (chunk) => {
          pacer.push(chunk);
          outputListener.current?.(decoder.decode(chunk, { stream: true }));
        },
        end: (error) => {
          pacer.flush();
          t.write(`\r\n\x1b[2m[console closed${error ? `: ${error.message}` : ''}]\x1b[0m\r\n`);
        },
        // The console replays what it keeps: start from a clean screen rather than show it twice.
        resumed: () => {
          pacer.discard();
          t.reset();
        },
      },
    );
    readyListener.current?.(type);
    const resize = new ResizeObserver(() => {
      if (host.current && host.current.offsetParent !== null) fit.fit();
    });
    resize.observe(host.current);
    fit.fit();
    return () => {
      resize.disconnect();
      sub.close();
      pacer.dispose();
      input.dispose();
      t.dispose();
      term.current = null;
    };
  }, [api, vmId, rows]);

  useEffect(() => {
    if (term.current) term.current.options.theme = terminalTheme(theme);
  }, [theme]);

  return <div className="vm-terminal" ref={host} data-testid={`terminal-${vmId}`} onClick={() => term.current?.focus()} />;
}
