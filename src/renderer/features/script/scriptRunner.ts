import hostUrl from './scriptHost.ts?worker&url';
import { SCRIPT_TIME_LIMIT_MS, SCRIPT_WRAPPER_LINES, type ScriptMessage } from './scriptApi';
import { scriptModuleSource } from './scriptModule';

/** How a script run ended, and everything it printed. */
export interface ScriptRun {
  status: 'ok' | 'error' | 'timeout' | 'output-limit';
  logs: Array<{ level: 'log' | 'warn' | 'error' | 'result'; text: string }>;
  wallMs: number;
}

/**
 * Runs a script cell in a fresh module worker built from a blob, so the page's strict CSP
 * (no eval) holds and each run starts clean. The worker is terminated when the script
 * ends, after `timeLimitMs`, when it prints past the output limit, or on `signal`.
 */
export function runScriptInWorker(
  code: string,
  stack: string | null,
  options: { timeLimitMs?: number; signal?: AbortSignal; onLog?: (line: ScriptRun['logs'][number]) => void } = {},
): Promise<ScriptRun> {
  const started = performance.now();
  const logs: ScriptRun['logs'] = [];
  const push = (line: ScriptRun['logs'][number]): void => {
    logs.push(line);
    options.onLog?.(line);
  };
  const source = scriptModuleSource(code, stack, new URL(hostUrl, document.baseURI).href);
  const blobUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(blobUrl, { type: 'module', name: 'strata-script' });

  return new Promise<ScriptRun>((resolve) => {
    let settled = false;
    const finish = (status: ScriptRun['status']): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      worker.terminate();
      URL.revokeObjectURL(blobUrl);
      resolve({ status, logs, wallMs: performance.now() - started });
    };
    const limit = options.timeLimitMs ?? SCRIPT_TIME_LIMIT_MS;
    const timer = setTimeout(() => {
      push({ level: 'error', text: `Stopped after ${limit / 1000} s: the time limit of a script. An endless loop?` });
      finish('timeout');
    }, limit);
    const onAbort = (): void => {
      push({ level: 'error', text: 'Stopped.' });
      finish('error');
    };
    options.signal?.addEventListener('abort', onAbort);

    worker.onmessage = (ev: MessageEvent<ScriptMessage>) => {
      const m = ev.data;
      if (m.type === 'log') push({ level: m.level, text: m.text });
      else if (m.type === 'done') {
        if (m.result !== undefined) push({ level: 'result', text: m.result });
        finish('ok');
      } else if (m.type === 'failed') {
        push({ level: 'error', text: m.line !== undefined ? `${m.message} (line ${m.line})` : m.message });
        finish('error');
      } else {
        push({ level: 'error', text: 'Stopped: the script printed more than the output limit.' });
        finish('output-limit');
      }
    };
    // A syntax error in the student's code fails the whole module before it runs.
    worker.onerror = (ev) => {
      ev.preventDefault();
      push({ level: 'error', text: ev.message ? `${ev.message}${ev.lineno ? ` (line ${ev.lineno - SCRIPT_WRAPPER_LINES})` : ''}` : 'The script could not start: check its syntax.' });
      finish('error');
    };
  });
}
