import { parseDocument } from 'yaml';
import type { SimBalancer } from '../../../core/lesson';
import type { HostFigures, SimResult } from '../../../core/sim';
import type { StackCheckResult } from '../../../core/stack';
import type { CheckSummary, SimulationSummary, StackRunOutput } from './work/cellOutputs';

/** Runs a valid stack in the simulator's worker (with its default balancer and the literature's figures unless told); rejects on timeout or error. */
export type SimulateStack = (
  yamlText: string,
  options: { timeLimitMs: number; signal?: AbortSignal; balancer?: SimBalancer; figures?: HostFigures },
) => Promise<SimResult>;

/** Checks a stack's text in the check worker (a large stack takes seconds: never on the page's thread). */
export type CheckStack = (yamlText: string) => Promise<CheckSummary>;

/** Wall-clock limit of one simulation started from a lesson cell. */
export const CELL_SIM_TIME_LIMIT_MS = 20_000;
/** Points of a series kept in the saved output: enough for a chart, small on disk. */
const SERIES_POINTS = 160;
/** Events kept in the saved output. */
const MAX_EVENTS = 200;

/** The check result in the saved-output shape (plain data, positions kept). */
export function summarizeCheck(result: StackCheckResult): CheckSummary {
  return {
    valid: result.valid,
    findings: result.findings.map((f) => ({ severity: f.severity, rule: f.rule, layer: f.layer, line: f.line, column: f.column, message: f.message })),
    classes: { ...result.classes },
    views: Object.fromEntries(
      Object.entries(result.views).map(([id, v]) => [id, { ...v, sharesKernelWith: [...v.sharesKernelWith], failureDomains: [...v.failureDomains] }]),
    ),
  };
}

/**
 * A stack with a scenario cell's steps as its `scenario` (replacing any it had), keeping
 * the stack's own text and comments. Null when the stack text is not YAML.
 */
export function withScenario(stackText: string, steps: unknown[]): string | null {
  const doc = parseDocument(stackText);
  if (doc.errors.length > 0 || !doc.contents) return null;
  doc.set('scenario', doc.createNode(steps, { flow: false }));
  return doc.toString();
}

/** Keeps every k-th point (and the last) so the saved series stays near SERIES_POINTS long. */
export function thinSeries(series: NonNullable<SimResult['series']>): NonNullable<SimulationSummary['series']> {
  const n = series.t.length;
  const step = Math.max(1, Math.ceil(n / SERIES_POINTS));
  const keep: number[] = [];
  for (let i = 0; i < n; i += step) keep.push(i);
  if (n > 0 && keep[keep.length - 1] !== n - 1) keep.push(n - 1);
  return {
    t: keep.map((i) => series.t[i]!),
    apps: Object.fromEntries(Object.entries(series.apps).map(([id, s]) => [id, keep.map((i) => s.progress[i] ?? 0)])),
  };
}

/**
 * Checks a stack, and when it is valid, simulates it, each in its worker. Never throws: a
 * simulator failure or time-out becomes the output's `error`, beside the check that still holds.
 */
export async function runStack(
  text: string,
  workers: { check: CheckStack; simulate: SimulateStack },
  signal?: AbortSignal,
  options: { balancer?: SimBalancer; figures?: HostFigures } = {},
): Promise<StackRunOutput> {
  const started = performance.now();
  const check = await workers.check(text);
  const base = { kind: 'stack-run' as const, at: new Date().toISOString(), source: text, check, simulation: null };
  if (!check.valid) return { ...base, error: 'The stack has errors; fix them to simulate it.', wallMs: performance.now() - started };
  try {
    const result = await workers.simulate(text, { timeLimitMs: CELL_SIM_TIME_LIMIT_MS, signal, balancer: options.balancer, figures: options.figures });
    const simulation: SimulationSummary = {
      apps: result.apps,
      nodes: result.nodes,
      migrations: result.migrations.map((m) => ({ target: m.target, from: m.from, to: m.to, startS: m.startS, totalS: m.totalS, downtimeMs: m.downtimeMs })),
      events: result.events.slice(0, MAX_EVENTS).map((e) => ({ t: e.t, type: e.type, target: e.target, message: e.message })),
      series: result.series ? thinSeries(result.series) : undefined,
    };
    return { ...base, simulation, wallMs: performance.now() - started, ...(options.figures ? { figures: 'host' as const } : {}) };
  } catch (err) {
    return { ...base, error: (err as Error).message, wallMs: performance.now() - started };
  }
}
