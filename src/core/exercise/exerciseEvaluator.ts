import type { Comparison, Exercise, NumberOrSeed, Predicate, PredicateKind, SimBalancer } from '../lesson/cellSchemas';
import { predicateKind, SIM_BALANCERS } from '../lesson/cellSchemas';

/**
 * Exercise checking. Evaluation is pure: the caller computes what the exercise needs (the
 * check result of the student's stack, a simulation of it, commands typed into a real
 * guest) and passes it in; {@link exerciseNeeds} says what that is. The input shapes are
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

/** A command to type into the guest of a vm cell; resolves to what the guest printed. */
export type VmRunner = (request: { id: string; run: string }) => Promise<string>;

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
  runVm?: VmRunner;
}

/** `unavailable`: the input the predicate needs was not given or could not be produced. */
export type PredicateStatus = 'pass' | 'fail' | 'unavailable';

/** The outcome of one predicate, with a sentence for the student. */
export interface PredicateResult {
  /** Index of the predicate in the exercise's `expect`. */
  index: number;
  kind: PredicateKind;
  status: PredicateStatus;
  /** E.g. "web sees 8 CPUs, needs at least 12". */
  message: string;
}

/** An exercise passes when every predicate passes. */
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
  vm: Array<{ id: string; run: string }>;
}

/** Lists the inputs an exercise's predicates read. */
export function exerciseNeeds(exercise: Exercise): ExerciseNeeds {
  const needs: ExerciseNeeds = { check: false, simulation: false, balancers: [], vm: [] };
  for (const p of exercise.expect) {
    if ('simulate' in p) {
      needs.simulation = true;
      const balancer = p.simulate.balancer ?? DEFAULT_SIM_BALANCER;
      if (!needs.balancers.includes(balancer)) needs.balancers.push(balancer);
    } else if ('vm' in p) needs.vm.push({ id: p.vm.id, run: p.vm.run });
    else needs.check = true;
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
 * substituted (see `instantiateExercise`). VM predicates call `context.runVm` one at a
 * time, in order; a runner that fails makes its predicate `unavailable`, never a throw.
 */
export async function evaluateExercise(exercise: Exercise, context: ExerciseContext): Promise<ExerciseResult> {
  const results: PredicateResult[] = [];
  for (const [index, predicate] of exercise.expect.entries()) {
    if ('vm' in predicate) results.push(await evaluateVmPredicate(index, predicate.vm, context.runVm));
    else results.push(evaluatePredicate(predicate, index, context));
  }
  return { passed: results.length > 0 && results.every((r) => r.status === 'pass'), results };
}

/** Evaluates one predicate that needs no VM; a `vm` predicate comes back `unavailable`. */
export function evaluatePredicate(predicate: Predicate, index: number, context: ExerciseContext): PredicateResult {
  const kind = predicateKind(predicate) ?? 'check';
  const result = (status: PredicateStatus, message: string): PredicateResult => ({ index, kind, status, message });
  if ('vm' in predicate) return result('unavailable', `run "${predicate.vm.run}" in ${predicate.vm.id}: needs a running VM`);
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
      return check.valid ? result('pass', 'the stack is valid') : result('fail', `the stack is not valid: ${errors[0]?.message ?? 'the rules found an error'}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`);
    }
    return check.valid ? result('fail', 'the stack is valid, but it should be rejected') : result('pass', 'the stack is rejected, as it should be');
  }
  if ('finding' in predicate) {
    const where = predicate.layer !== undefined ? ` on ${predicate.layer}` : '';
    const hit = check.findings.find((f) => f.rule === predicate.finding && (predicate.layer === undefined || f.layer === predicate.layer));
    if (predicate.present) return hit ? result('pass', `the rules report ${predicate.finding}${where}`) : result('fail', `the rules should report ${predicate.finding}${where}, and do not`);
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

async function evaluateVmPredicate(index: number, vm: { id: string; run: string; expect: string }, runVm: VmRunner | undefined): Promise<PredicateResult> {
  const result = (status: PredicateStatus, message: string): PredicateResult => ({ index, kind: 'vm', status, message });
  if (!runVm) return result('unavailable', `run "${vm.run}" in ${vm.id}: needs a running VM`);
  let output: string;
  try {
    output = await runVm({ id: vm.id, run: vm.run });
  } catch (err) {
    return result('unavailable', `could not run "${vm.run}" in ${vm.id}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const matched = outputMatches(output, vm.expect);
  if (matched === null) return result('unavailable', `the expected output ${vm.expect} is not a valid regular expression`);
  return matched ? result('pass', `"${vm.run}" printed ${vm.expect}`) : result('fail', `"${vm.run}" did not print ${vm.expect}`);
}

/**
 * Whether a guest's output matches an `expect` string: `/regex/flags`, or else plain
 * text the output must contain. Null for a malformed regular expression.
 */
export function outputMatches(output: string, expect: string): boolean | null {
  const re = /^\/(.*)\/([a-z]*)$/s.exec(expect);
  if (!re) return output.includes(expect);
  try {
    return new RegExp(re[1] ?? '', re[2]).test(output);
  } catch {
    return null;
  }
}
