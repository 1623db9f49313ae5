/**
 * The worker thread of `strata check` and `strata simulate` (offThread.ts starts it): it
 * runs one task, posts its answer and ends. Parsing, checking and simulating are
 * synchronous and can run for seconds; here they cannot keep the main thread from
 * hearing Ctrl-C or SIGTERM.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SimStackError, SimWorkLimitError, simulate, toSimStack, type SimOptions, type SimResult } from '../core/sim';
import { checkStackText, validateStackText, type Finding, type StackCheckResult } from '../core/stack';
import { readable } from './simulationText';

/** What each task takes and answers. */
export interface CliTasks {
  check: { input: { text: string }; output: Pick<StackCheckResult, 'valid' | 'findings' | 'classes' | 'views'> };
  simulate: {
    /** `file` names the file in the readable output. */
    input: { text: string; options: SimOptions; json: boolean; file: string };
    /**
     * `output` is the text to print: written here, so that only one string crosses to the
     * main thread instead of a copy of the whole result (megabytes of objects for a large
     * stack).
     */
    output: { kind: 'invalid'; errors: Finding[] } | { kind: 'stopped'; message: string } | { kind: 'result'; output: string };
  };
}

export type CliTaskName = keyof CliTasks;

/** The message a task's worker starts with (its workerData). */
export type CliTaskRequest = { [K in CliTaskName]: { task: K; input: CliTasks[K]['input'] } }[CliTaskName];

function check({ text }: CliTasks['check']['input']): CliTasks['check']['output'] {
  const { valid, findings, classes, views } = checkStackText(text);
  return { valid, findings, classes, views };
}

function runSimulation({ text, options, json, file }: CliTasks['simulate']['input']): CliTasks['simulate']['output'] {
  const checked = validateStackText(text);
  if (!checked.valid || !checked.stack) return { kind: 'invalid', errors: checked.errors };
  let result: SimResult;
  try {
    result = simulate(toSimStack(checked.stack), options);
  } catch (err) {
    if (err instanceof SimStackError || err instanceof SimWorkLimitError) return { kind: 'stopped', message: err.message };
    throw err;
  }
  return { kind: 'result', output: json ? JSON.stringify(result, null, 2) + '\n' : readable(file, result) };
}

const request = workerData as CliTaskRequest;
parentPort?.postMessage(request.task === 'check' ? check(request.input) : runSimulation(request.input));
