import type { AnswerSpec, Comparison, Exercise, NumberOrSeed, Predicate, PredicateKind, SimBalancer } from './exerciseSchemas';
import { predicateKind, SIM_BALANCERS } from './exerciseSchemas';
import { gradeAnswer, type AnswerGrade } from './answerGrading';

/**
 * Exercise checking. Evaluation is pure: the caller computes what the exercise needs (the
 * check result of the student's stack, a simulation of it, the answers the student typed,
 * and a way to inspect a real guest) and passes it in; {@link exerciseNeeds} says what that is. The input shapes are
 * those `strata check --json` and `strata simulate --json` print (docs/cli.md), so the
 * stack and simulator results fit them as they are.
 */

/** What an app sees, as in the check result's `views`. */
export interface AppViewInput {
  cpus: number;
  memoryMiB: number;
  arch: string;
  kernel: string;
  sharesKernelWith: readonly string[];
  failureDomains: readonly string[];
}

/** The result of checking the student's stack (`strata check --json`). */
export interface CheckInput {
  valid: boolean;
  findings: ReadonlyArray<{ severity: string; rule: string; layer?: string; message: string }>;
  classes: Readonly<Record<string, string>>;
  views: Readonly<Record<string, AppViewInput>>;
}

/** One app's simulated results (`strata simulate --json`, `apps`). */
export interface SimulatedAppInput {
  makespanS?: number;
  throughputRps?: number;
  latencyP50Ms?: number;
  latencyP99Ms?: number;
  killedAtS?: number;
}

/** The result of simulating the student's stack. */
export interface SimulationInput {
  apps: Readonly<Record<string, SimulatedAppInput>>;
}

/**
 * Runs a read-only command in the guest of a vm cell (`id` is the cell's id) over the
 * checker's private channel, which the student's terminal never shows (the `vm.exec`
 * API command); rejects when the cell has no running guest.
 */
export type VmExec = (request: { id: string; command: string; timeoutMs: number }) => Promise<{ stdout: string; exitCode: number }>;

/** How long one inspection of a guest may take (TCG guests are slow). */
export const VM_INSPECT_TIMEOUT_MS = 20_000;

/** The balancer the simulator uses when none is given (`SimOptions.balancer`). */
export const DEFAULT_SIM_BALANCER: SimBalancer = SIM_BALANCERS[0];

/** What {@link evaluateExercise} evaluates against; what is missing makes its predicates `unavailable`. */
export interface ExerciseContext {
  check?: CheckInput | null;
  /** A simulation with the simulator's default options (the oblivious balancer). */
  simulation?: SimulationInput | null;
  /**
   * Simulations by SSI balancer, for `simulate` predicates that name one. A predicate
   * without `balancer`, or with the default one, reads `simulations.oblivious` when it is
   * given, else `simulation`.
   */
  simulations?: Partial<Record<SimBalancer, SimulationInput | null>>;
  execVm?: VmExec;
  /** The student's answers to the exercise's answer fields, by field id. */
  answers?: Readonly<Record<string, string>>;
}

/**
 * `unavailable`: the input the predicate needs was not given or could not be produced (a
 * question not answered yet is one). `self-assessed`: an answer nobody grades; it neither
 * passes nor blocks the exercise.
 */
export type PredicateStatus = 'pass' | 'fail' | 'unavailable' | 'self-assessed';

/** The outcome of one predicate, with a sentence for the student. */
export interface PredicateResult {
  /** Index of the predicate in the exercise's `expect`; one past the last for the stack's keys. */
  index: number;
  /** `keys`: the check every exercise with a stack makes, that the stack has no unknown or misplaced key. */
  kind: PredicateKind | 'keys';
  status: PredicateStatus;
  /** E.g. "web sees 8 CPUs, needs at least 12". */
  message: string;
}

/** An exercise passes when every graded predicate passes (self-assessed answers do not count). */
export interface ExerciseResult {
  passed: boolean;
  results: PredicateResult[];
}

/** What the caller must compute before evaluating: a check, simulations, VM commands. */
export interface ExerciseNeeds {
  check: boolean;
  /** Whether any predicate reads a simulation. */
  simulation: boolean;
  /**
   * The balancers to simulate with, one run each, in the order the predicates first name
   * them (a predicate without `balancer` counts as the default); empty without `simulate`.
   */
  balancers: SimBalancer[];
  /** Ids of the vm cells whose guests are inspected, each once. */
  vms: string[];
  /** The answer fields, in order. */
  answers: AnswerSpec[];
}

/** Lists the inputs an exercise's predicates read. */
export function exerciseNeeds(exercise: Exercise): ExerciseNeeds {
  const needs: ExerciseNeeds = { check: false, simulation: false, balancers: [], vms: [], answers: [] };
  const inspects = (id: string): void => {
    if (!needs.vms.includes(id)) needs.vms.push(id);
  };
  for (const p of exercise.expect) {
    if ('simulate' in p) {
      needs.simulation = true;
      const balancer = p.simulate.balancer ?? DEFAULT_SIM_BALANCER;
      if (!needs.balancers.includes(balancer)) needs.balancers.push(balancer);
    } else if ('vm' in p) inspects(p.vm.id);
    else if ('answer' in p) {
      needs.answers.push(p.answer);
      if (p.answer.vm) inspects(p.answer.vm.id);
    } else needs.check = true;
  }
  return needs;
}

/** The simulation a `simulate` predicate reads: the run with its balancer (see {@link ExerciseContext}). */
function simulationFor(context: ExerciseContext, balancer: SimBalancer | undefined): SimulationInput | null | undefined {
  const policy = balancer ?? DEFAULT_SIM_BALANCER;
  const run = context.simulations?.[policy];
  if (run !== undefined) return run;
  return policy === DEFAULT_SIM_BALANCER ? context.simulation : undefined;
}

/**
 * Evaluates every predicate of an exercise whose seed placeholders were already
 * substituted (see `instantiateExercise`). Guests are inspected through `context.execVm`
 * one at a time, in order; an inspection that fails makes its predicate `unavailable`,
 * never a throw. With a check result, the stack must also carry no unknown or misplaced
 * key: an ignored key must not let an exercise pass on the rule it was meant to teach.
 */
export async function evaluateExercise(exercise: Exercise, context: ExerciseContext): Promise<ExerciseResult> {
  const results: PredicateResult[] = [];
  for (const [index, predicate] of exercise.expect.entries()) {
    if ('vm' in predicate) results.push(await evaluateVmPredicate(index, predicate.vm, context.execVm));
    else if ('answer' in predicate) results.push(await evaluateAnswer(index, predicate.answer, context));
    else results.push(evaluatePredicate(predicate, index, context));
  }
  const keys = unknownKeys(exercise, context.check);
  if (keys) results.push({ index: exercise.expect.length, kind: 'keys', status: 'fail', message: keys });
  const graded = results.filter((r) => r.status !== 'self-assessed');
  return { passed: graded.length > 0 && graded.every((r) => r.status === 'pass'), results };
}

/** What is wrong with the stack's keys, or null; exercises that test `unknown-key` themselves are left to it. */
function unknownKeys(exercise: Exercise, check: CheckInput | null | undefined): string | null {
  if (!check || exercise.expect.some((p) => 'finding' in p && p.finding === 'unknown-key')) return null;
  const found = check.findings.filter((f) => f.rule === 'unknown-key');
  if (found.length === 0) return null;
  const keys = found.length === 1 ? 'a key' : `${found.length} keys`;
  const more = found.length > 1 ? ` (and ${found.length - 1} more)` : '';
  return `the stack has ${keys} the checker ignores, so it does not say what you mean: ${found[0]!.message}${more}`;
}

/** Evaluates one predicate that needs no VM; a `vm` predicate comes back `unavailable`. */
export function evaluatePredicate(predicate: Predicate, index: number, context: ExerciseContext): PredicateResult {
  const kind = predicateKind(predicate) ?? 'check';
  const result = (status: PredicateStatus, message: string): PredicateResult => ({ index, kind, status, message });
  if ('vm' in predicate) return result('unavailable', `${predicate.vm.looksFor}: boot ${predicate.vm.id} first`);
  if ('answer' in predicate) return result('unavailable', `answer "${predicate.answer.ask}"`);
  if ('simulate' in predicate) {
    const { app, balancer } = predicate.simulate;
    const sim = simulationFor(context, balancer);
    const under = balancer !== undefined ? ` with the ${balancer} balancer` : '';
    if (!sim) return result('unavailable', `run the simulation${under} first to check ${app}`);
    return fromFailures(result, checkSimulated(predicate.simulate, sim), `${app}'s simulated results${under} meet the goal`);
  }
  const check = context.check;
  if (!check) return result('unavailable', 'check the stack first');
  if ('check' in predicate) {
    const errors = check.findings.filter((f) => f.severity === 'error');
    if (predicate.check === 'valid') {
      return check.valid
        ? result('pass', 'the stack is valid')
        : result(
            'fail',
            `the stack is not valid: ${errors[0]?.message ?? 'the rules found an error'}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
          );
    }
    return check.valid ? result('fail', 'the stack is valid, but it should be rejected') : result('pass', 'the stack is rejected, as it should be');
  }
  if ('finding' in predicate) {
    const where = predicate.layer !== undefined ? ` on ${predicate.layer}` : '';
    const hit = check.findings.find((f) => f.rule === predicate.finding && (predicate.layer === undefined || f.layer === predicate.layer));
    if (predicate.present)
      return hit
        ? result('pass', `the rules report ${predicate.finding}${where}`)
        : result('fail', `the rules should report ${predicate.finding}${where}, and do not`);
    return hit ? result('fail', `the rules still report ${predicate.finding}${where}: ${hit.message}`) : result('pass', `no ${predicate.finding}${where}`);
  }
  if ('layers' in predicate) {
    const count = Object.values(check.classes).filter((c) => c === predicate.layers.class).length;
    const failures = compare(predicate.count, count, (bound) => `${count} ${predicate.layers.class} layer${count === 1 ? '' : 's'}, needs ${bound}`);
    return fromFailures(result, failures, `${count} ${predicate.layers.class} layer${count === 1 ? '' : 's'}`);
  }
  return fromFailures(result, checkView(predicate, check), `${predicate.view} sees what it should`);
}

function fromFailures(result: (s: PredicateStatus, m: string) => PredicateResult, failures: string[], success: string): PredicateResult {
  return failures.length > 0 ? result('fail', failures.join('; ')) : result('pass', success);
}

type ViewPredicate = Extract<Predicate, { view: string }>;

function checkView(p: ViewPredicate, check: CheckInput): string[] {
  const view = check.views[p.view];
  if (!view) return [`there is no app "${p.view}" in the stack${check.valid ? '' : ' (or the stack is invalid)'}`];
  const failures: string[] = [];
  if (p.cpus) failures.push(...compare(p.cpus, view.cpus, (bound) => `${p.view} sees ${view.cpus} CPU${view.cpus === 1 ? '' : 's'}, needs ${bound}`));
  if (p.memoryMiB) failures.push(...compare(p.memoryMiB, view.memoryMiB, (bound) => `${p.view} sees ${view.memoryMiB} MiB, needs ${bound}`));
  if (p.failureDomains) {
    const n = view.failureDomains.length;
    failures.push(...compare(p.failureDomains, n, (bound) => `${p.view} depends on ${n} node${n === 1 ? '' : 's'}, needs ${bound}`));
  }
  if (p.arch !== undefined && view.arch !== p.arch) failures.push(`${p.view} sees a ${view.arch} machine, needs ${p.arch}`);
  if (p.kernel !== undefined && view.kernel !== p.kernel) failures.push(`${p.view} runs on the kernel of ${view.kernel}, needs ${p.kernel}`);
  for (const other of p.sharesKernelWith ?? []) {
    if (!view.sharesKernelWith.includes(other)) failures.push(`${p.view} does not share its kernel with ${other}, and should`);
  }
  for (const other of p.isolatedFrom ?? []) {
    if (view.sharesKernelWith.includes(other)) failures.push(`${p.view} shares its kernel with ${other}, and should not`);
  }
  return failures;
}

type SimulateSpec = Extract<Predicate, { simulate: unknown }>['simulate'];

const METRICS = [
  ['makespanS', 'finishes in', ' s'],
  ['throughputRps', 'serves', ' requests/s'],
  ['latencyP50Ms', 'has a median latency of', ' ms'],
  ['latencyP99Ms', 'has a 99th-percentile latency of', ' ms'],
] as const;

function checkSimulated(spec: SimulateSpec, sim: SimulationInput): string[] {
  const app = sim.apps[spec.app];
  if (!app) return [`the simulation has no app "${spec.app}"`];
  const under = spec.balancer !== undefined ? ` with the ${spec.balancer} balancer` : '';
  const failures: string[] = [];
  for (const [key, verb, unit] of METRICS) {
    const bounds = spec[key];
    if (!bounds) continue;
    const value = app[key];
    if (value === undefined) {
      failures.push(`${spec.app} has no ${key} in the simulation${under} (${key === 'makespanS' ? 'it did not finish' : 'it serves no requests'})`);
      continue;
    }
    failures.push(...compare(bounds, value, (bound) => `${spec.app} ${verb} ${round(value)}${unit}${under}, needs ${bound}`));
  }
  if (spec.killed === true && app.killedAtS === undefined) failures.push(`${spec.app} survives${under}, and should be killed`);
  if (spec.killed === false && app.killedAtS !== undefined) failures.push(`${spec.app} is killed at ${round(app.killedAtS)} s${under}, and should survive`);
  return failures;
}

const BOUND_WORDS: Record<keyof Comparison, string> = { gte: 'at least', gt: 'more than', lte: 'at most', lt: 'less than', eq: 'exactly' };

/** Each bound `value` breaks, as a sentence built by `describe` from the bound's words. */
function compare(bounds: Comparison, value: number, describe: (bound: string) => string): string[] {
  const failures: string[] = [];
  for (const key of Object.keys(BOUND_WORDS) as Array<keyof Comparison>) {
    const raw: NumberOrSeed | undefined = bounds[key];
    if (raw === undefined) continue;
    if (typeof raw !== 'number') {
      failures.push(`${raw} was not replaced by a number (the exercise is not instantiated)`);
      continue;
    }
    const ok = key === 'gte' ? value >= raw : key === 'gt' ? value > raw : key === 'lte' ? value <= raw : key === 'lt' ? value < raw : value === raw;
    if (!ok) failures.push(describe(`${BOUND_WORDS[key]} ${raw}`));
  }
  return failures;
}

function round(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1);
}

type VmSpec = Extract<Predicate, { vm: unknown }>['vm'];

async function evaluateVmPredicate(index: number, vm: VmSpec, execVm: VmExec | undefined): Promise<PredicateResult> {
  const result = (status: PredicateStatus, message: string): PredicateResult => ({ index, kind: 'vm', status, message });
  if (!execVm) return result('unavailable', `${vm.looksFor}: boot ${vm.id} first`);
  let run: { stdout: string; exitCode: number };
  try {
    run = await execVm({ id: vm.id, command: vm.inspect, timeoutMs: VM_INSPECT_TIMEOUT_MS });
  } catch (err) {
    return result('unavailable', `could not look into ${vm.id}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const matched = vm.expect === undefined ? run.exitCode === 0 : outputMatches(run.stdout, vm.expect);
  if (matched === null) return result('unavailable', `the exercise's pattern ${vm.expect} is not a valid regular expression`);
  return matched ? result('pass', `found in ${vm.id}: ${vm.looksFor}`) : result('fail', `not found in ${vm.id} yet: ${vm.looksFor}`);
}

async function evaluateAnswer(index: number, answer: AnswerSpec, context: ExerciseContext): Promise<PredicateResult> {
  const result = (status: PredicateStatus, message: string): PredicateResult => ({ index, kind: 'answer', status, message });
  const given = (context.answers?.[answer.id] ?? '').trim();
  if (given === '') return result('unavailable', `answer "${answer.ask}"`);
  let truth: string | undefined;
  if (answer.vm) {
    if (!context.execVm) return result('unavailable', `boot ${answer.vm.id} first: your answer is compared with the guest`);
    try {
      truth = (await context.execVm({ id: answer.vm.id, command: answer.vm.command, timeoutMs: VM_INSPECT_TIMEOUT_MS })).stdout;
    } catch (err) {
      return result('unavailable', `could not look into ${answer.vm.id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // Results are plain text: the question's code spans lose their backticks.
  return fromGrade(result, gradeAnswer(answer, given, truth), answer.ask.replace(/`([^`]*)`/g, '$1'));
}

function fromGrade(result: (s: PredicateStatus, m: string) => PredicateResult, grade: AnswerGrade, ask: string): PredicateResult {
  if (grade === 'self') return result('self-assessed', `"${ask}": self-assessed, not graded; compare your answer with the explanation`);
  if (grade === 'pass') return result('pass', `"${ask}": right`);
  return result('fail', `"${ask}": ${grade.wrong}`);
}

/**
 * An `expect` is a regular expression exactly when it is written whole, as in
 * JavaScript: `/`, a body in which every `/` is escaped as `\/`, `/`, then flags from
 * `dgimsuvy`. Anything else is text, even when it starts with `/`: a path such as
 * `/proc/1` never turns into a pattern by accident (lint reports it all the same,
 * `ambiguousExpect`, since a reader cannot tell).
 */
const REGEX_LITERAL = /^\/((?:[^/\\]|\\[\s\S])+)\/([dgimsuvy]*)$/;
/** What makes a body more than text; an escape, even `\/`, says its author meant a pattern. */
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|]/;

/**
 * Whether a guest's output matches an `expect` string: a regular expression written
 * whole (above), or else plain text the output must contain. Null for a malformed
 * regular expression.
 */
export function outputMatches(output: string, expect: string): boolean | null {
  const re = REGEX_LITERAL.exec(expect);
  if (!re) return output.includes(expect);
  try {
    return new RegExp(re[1] ?? '', re[2]).test(output);
  } catch {
    return null;
  }
}

/**
 * Why an `expect` that starts with `/` could be read two ways, or null when it cannot:
 * text such as `/proc/1` that looks like an unfinished regular expression, or a regular
 * expression such as `/etc/` with nothing in it but text, which looks like a path.
 */
export function ambiguousExpect(expect: string): string | null {
  if (!expect.startsWith('/')) return null;
  const exactly = `/${expect.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')}/`;
  const re = REGEX_LITERAL.exec(expect);
  if (!re)
    return (
      `"${expect}" starts with "/" but is no whole regular expression (/…/flags, each "/" inside written "\\/", flags from dgimsuvy), ` +
      `so it is matched as plain text: write ${exactly} to match that text, or finish the regular expression you meant`
    );
  const [, body = '', flags = ''] = re;
  if (REGEX_SYNTAX.test(body) || flags.includes('i')) return null;
  return (
    `"${expect}" is read as a regular expression that finds "${body}" anywhere, not as the path ${expect}: ` +
    `write ${exactly} to match the path, or ${body} as plain text`
  );
}
