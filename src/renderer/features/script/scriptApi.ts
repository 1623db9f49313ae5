/**
 * The messages between a script cell's worker and the page, and the API a script sees.
 * Kept free of imports so both sides (and the cell's help text) share one definition.
 */

/** Options of `strata.simulate`. */
export interface ScriptSimOptions {
  /** Stop at this simulated time (seconds) instead of when every app is done. */
  durationS?: number;
  seed?: number;
  /** Sample progress series every this many simulated seconds. */
  seriesStepS?: number;
}

/** What `strata.check` returns: the shape `strata check --json` prints. */
export interface ScriptCheckResult {
  valid: boolean;
  findings: Array<{ severity: string; rule: string; layer?: string; line?: number; column?: number; message: string }>;
  classes: Record<string, string>;
  views: Record<string, { cpus: number; memoryMiB: number; arch: string; kernel: string; sharesKernelWith: string[]; failureDomains: string[] }>;
}

/** The `strata` object a script gets. There is no DOM, no network and no import in a script. */
export interface ScriptApi {
  /** The YAML of the stack cell named by the script cell's `for=` (the student's version), or null. */
  readonly stack: string | null;
  /** Checks a stack file's text with the stack rules. */
  check(yaml: string): ScriptCheckResult;
  /** Simulates a valid stack; throws with the findings when it is not valid. Same result as `strata simulate --json`. */
  simulate(yaml: string, options?: ScriptSimOptions): unknown;
}

/** One-line summary of the API for the cell's help text. */
export const SCRIPT_API_HELP =
  'strata.stack (YAML of the for= stack) · strata.check(yaml) · strata.simulate(yaml, { durationS, seed, seriesStepS }) · ' +
  'console.log · return a value to show it';

/** Worker → page. */
export type ScriptMessage =
  | { type: 'log'; level: 'log' | 'warn' | 'error'; text: string }
  | { type: 'done'; result?: string }
  | { type: 'failed'; message: string; line?: number }
  | { type: 'output-limit' };

/** Most text a script may print (all console calls and its result together). */
export const SCRIPT_OUTPUT_LIMIT_BYTES = 64 * 1024;
/** Wall-clock limit of one script run. */
export const SCRIPT_TIME_LIMIT_MS = 10_000;
