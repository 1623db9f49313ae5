import hostUrl from './scriptHost.ts?worker&url';
import { SCRIPT_TIME_LIMIT_MS, type ScriptMessage } from './scriptApi';
import { scriptWorkerSource } from './scriptModule';
import { SandboxReplySchema, type SandboxRun } from './sandboxProtocol';

/** How a script run ended, and everything it printed. */
export interface ScriptRun {
  status: 'ok' | 'error' | 'timeout' | 'output-limit';
  logs: Array<{ level: 'log' | 'warn' | 'error' | 'result'; text: string }>;
  wallMs: number;
}

/** The address of the sandbox frame page, beside index.html in the build and in dev mode. */
const SANDBOX_PAGE = './script-sandbox.html';

let hostText: Promise<string> | null = null;

/** The worker host's bundle, fetched once by the page (same origin, with its cookie): the sandbox cannot fetch anything. */
function loadHost(): Promise<string> {
  hostText ??= fetch(new URL(hostUrl, document.baseURI).href).then((r) => {
    if (!r.ok) throw new Error(`the script host could not be loaded (${r.status})`);
    return r.text();
  });
  return hostText;
}

/**
 * Runs a script cell in a fresh worker that a sandboxed frame creates from a blob:
 * the frame (sandbox="allow-scripts", an opaque origin) is served with `connect-src
 * 'none'`, and a blob worker inherits its creator's policy, so no fetch, XHR, WebSocket
 * or WebSocketStream of the student's code reaches any server (deleting globals could not
 * stop `WorkerGlobalScope.prototype.fetch.call(self, ...)`). Each run gets a new frame and
 * starts clean; the frame, and its worker with it, is removed when the script ends, after
 * `timeLimitMs`, when it prints past the output limit, or on `signal`. What the frame
 * relays is validated (sandboxProtocol.ts).
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
  const frame = document.createElement('iframe');
  frame.sandbox.add('allow-scripts');
  frame.hidden = true;
  frame.title = 'script sandbox';
  frame.src = SANDBOX_PAGE;

  return new Promise<ScriptRun>((resolve) => {
    let settled = false;
    let preludeLines = 0;
    const finish = (status: ScriptRun['status']): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      window.removeEventListener('message', onMessage);
      frame.remove();
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

    const onWorkerMessage = (m: ScriptMessage): void => {
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
    const onMessage = (event: MessageEvent<unknown>): void => {
      if (event.source !== frame.contentWindow) return;
      const reply = SandboxReplySchema.safeParse(event.data);
      if (!reply.success) return;
      const m = reply.data;
      if (m.type === 'ready') {
        loadHost().then(
          (host) => {
            const built = scriptWorkerSource(code, stack, host);
            preludeLines = built.preludeLines;
            const run: SandboxRun = { type: 'run', source: built.source };
            // The frame's origin is opaque: '*' is the only target that reaches it.
            frame.contentWindow?.postMessage(run, '*');
          },
          (err: unknown) => {
            push({ level: 'error', text: err instanceof Error ? err.message : String(err) });
            finish('error');
          },
        );
      } else if (m.type === 'worker-message') onWorkerMessage(m.data);
      else {
        // A syntax error in the student's code fails the whole module before it runs.
        push({
          level: 'error',
          text: m.message ? `${m.message}${m.lineno ? ` (line ${m.lineno - preludeLines})` : ''}` : 'The script could not start: check its syntax.',
        });
        finish('error');
      }
    };
    window.addEventListener('message', onMessage);
    document.body.append(frame);
  });
}
