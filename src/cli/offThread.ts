import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CliTaskName, CliTaskRequest, CliTasks } from './cliTasks';

/** After this long, a task tells the person it is still running and how to stop it. */
export const SLOW_TASK_MS = 1000;

/** How a task ended: its answer, or the signal that stopped it first. */
export type OffThreadOutcome<T> = { done: true; value: T } | { done: false; signal: NodeJS.Signals };

/**
 * Runs a task of cliTasks.ts in a worker thread and waits for its answer or for
 * `interrupted`, whichever comes first; on a signal the worker is terminated at once,
 * even in the middle of a synchronous parse or simulation. `onSlow` runs once if the task
 * takes more than SLOW_TASK_MS.
 */
export async function runOffThread<K extends CliTaskName>(
  task: K,
  input: CliTasks[K]['input'],
  interrupted: Promise<NodeJS.Signals | void>,
  onSlow: () => void,
): Promise<OffThreadOutcome<CliTasks[K]['output']>> {
  // From the bundle (bin/strata.mjs) the worker's code is built beside this module, and runs
  // from its code cache (codeCache.ts); from the TypeScript sources (tests) the worker
  // registers tsx before loading it.
  const boot = import.meta.url.endsWith('.ts')
    ? `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(new URL('./cliTasks.ts', import.meta.url).href)});`
    : `import { runCommonJs } from ${JSON.stringify(new URL('./codeCache.mjs', import.meta.url).href)}; runCommonJs(${JSON.stringify(fileURLToPath(new URL('./cliTasks.cjs', import.meta.url)))});`;
  const request = { task, input } as CliTaskRequest;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: request });
  const slow = setTimeout(onSlow, SLOW_TASK_MS);
  try {
    return await Promise.race([
      new Promise<OffThreadOutcome<CliTasks[K]['output']>>((resolve, reject) => {
        worker.once('message', (value: CliTasks[K]['output']) => resolve({ done: true, value }));
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`the ${task} worker thread ended (code ${code}) without an answer`)));
      }),
      interrupted.then((signal): OffThreadOutcome<CliTasks[K]['output']> => ({ done: false, signal: signal ?? 'SIGINT' })),
    ]);
  } finally {
    clearTimeout(slow);
    await worker.terminate();
  }
}

/** The exit status a shell gives a process that a signal ended: 130 for SIGINT, 143 for SIGTERM. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}
