/// <reference lib="webworker" />
import { checkStackText } from '../../../core/stack';
import { simulate, toSimStack } from '../../../core/sim';
import { SCRIPT_OUTPUT_LIMIT_BYTES, type ScriptApi, type ScriptMessage, type ScriptSimOptions } from './scriptApi';

/**
 * The host half of a script cell's worker. The page builds a classic worker script that
 * starts with this bundle and then holds the student's code (scriptModule.ts); this part
 * runs first, so by the time the student's code runs what it can remove of the network is
 * gone (the sandbox frame's `connect-src 'none'` blocks the rest) and `strata` and
 * `console` are the only ways out.
 */

const scope = self as unknown as DedicatedWorkerGlobalScope & Record<string, unknown>;
const post = (message: ScriptMessage): void => scope.postMessage(message);

for (const name of [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'EventSource',
  'importScripts',
  'indexedDB',
  'caches',
  'BroadcastChannel',
  'Worker',
  'SharedWorker',
]) {
  try {
    Object.defineProperty(scope, name, { value: undefined, configurable: false, writable: false });
  } catch {
    delete scope[name];
  }
}

let printed = 0;
let stopped = false;
/** Sends text to the page, counting it against the output limit; past it, the run ends. */
function emit(level: 'log' | 'warn' | 'error', text: string): void {
  if (stopped) return;
  printed += text.length * 2;
  if (printed > SCRIPT_OUTPUT_LIMIT_BYTES) {
    stopped = true;
    post({ type: 'output-limit' });
    scope.close();
    return;
  }
  post({ type: 'log', level, text });
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

const console = {
  log: (...args: unknown[]) => emit('log', args.map(show).join(' ')),
  info: (...args: unknown[]) => emit('log', args.map(show).join(' ')),
  warn: (...args: unknown[]) => emit('warn', args.map(show).join(' ')),
  error: (...args: unknown[]) => emit('error', args.map(show).join(' ')),
};
Object.defineProperty(scope, 'console', { value: console });

function makeApi(stack: string | null): ScriptApi {
  return {
    stack,
    check: (yaml) => {
      const r = checkStackText(String(yaml));
      return { valid: r.valid, findings: r.findings, classes: r.classes, views: r.views } as ReturnType<ScriptApi['check']>;
    },
    simulate: (yaml, options: ScriptSimOptions = {}) => {
      const r = checkStackText(String(yaml));
      if (!r.valid || !r.stack) {
        const errors = r.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`);
        throw new Error(`the stack is not valid: ${errors.join('; ')}`);
      }
      return simulate(toSimStack(r.stack), { durationS: options.durationS, seed: options.seed, seriesStepS: options.seriesStepS });
    },
  };
}

/** Runs the student's code (wrapped by the page in an async function) and reports how it ended. */
async function runScript(stack: string | null, preludeLines: number, body: (strata: ScriptApi) => Promise<unknown>): Promise<void> {
  try {
    const result = await body(makeApi(stack));
    if (stopped) return;
    post(result === undefined ? { type: 'done' } : { type: 'done', result: show(result) });
  } catch (err) {
    if (stopped) return;
    const e = err instanceof Error ? err : new Error(String(err));
    const m = /blob:[^\s)]*:(\d+):\d+/.exec(e.stack ?? '');
    const line = m ? Number(m[1]) - preludeLines : undefined;
    post(
      line !== undefined && line > 0 ? { type: 'failed', message: `${e.name}: ${e.message}`, line } : { type: 'failed', message: `${e.name}: ${e.message}` },
    );
  }
}

scope.addEventListener('unhandledrejection', (ev) => {
  post({ type: 'failed', message: String((ev.reason as Error)?.message ?? ev.reason) });
});

// The script the page builds (scriptModule.ts) holds this bundle, then calls runScript with the student's code.
Object.defineProperty(scope, '__strataRunScript', { value: runScript });
