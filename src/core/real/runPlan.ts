/**
 * The plan of a real run: the stack as it will actually run (node slices, guest sizes,
 * process counts and CPU seconds scaled to fit a short run, scenario times scaled alike),
 * the simulation of that stack the measurement is compared with, and every change said
 * in words. Pure: the backend carries it out (docs/real-runs.md).
 */
import { simulate, toSimStack, type SimLayer, type SimOptions, type SimResult, type SimStack } from '../sim';
import { childrenOf, firstParentOf, resolveStack, type Layer, type ScenarioStep, type Stack, type StackGraph } from '../stack';
import { realize, type HostFacts, type Realization } from './realization';

/** What a real run should last, apps only (guests boot before), unless the stack asks less. */
export const DEFAULT_BUDGET_S = 30;
/** An app runs at most this many processes per vCPU of its guest, and at most MAX_PROCESSES. */
export const PROCESSES_PER_VCPU = 4;
export const MAX_PROCESSES = 8;
/** Below this, a process's work is mostly the cost of starting it. */
export const MIN_CPU_SECONDS = 0.05;
/** The load generator is a shell starting busybox wget: more requests a second than this and it measures itself. */
export const MAX_REQUESTS_PER_SECOND = 10;
/**
 * Under TCG a process start costs a guest about 15 ms of host CPU (`strata calibrate`
 * measures it), a request of the HTTP stand-in makes STARTS_PER_REQUEST of them, and its
 * 10 ms of CPU take some 30 times that: close to half a second of a host CPU a request,
 * more when the host is busy with other work. A faster load only makes the queue grow.
 */
export const MAX_REQUESTS_PER_SECOND_TCG = 0.5;
/**
 * Process starts one request of the HTTP stand-in makes (guestScripts.ts), which a prefork
 * Apache does not: the load generator's subshell, its wget, httpd's child for the
 * connection, and the CGI's shell (its awk replaces the shell, an exec without a fork).
 */
export const STARTS_PER_REQUEST = 4;
/** The simulator's Apache window (docs/simulator.md). */
const SIM_WINDOW_S = 60;
/** The build-like workload's objects, three short processes each: many, yet few enough that their starts do not swamp the CPU work under emulation. */
export const BUILD_OBJECTS = 40;

type AppLayer = Extract<Layer, { kind: 'app' }>;

/** What one app's workload does in its guest. CPU seconds are seconds of one core of this host. */
export interface AppWork {
  id: string;
  vm: string;
  container?: string;
  workload: AppLayer['workload'];
  processes: number;
  /** Per process (mrbayes, custom), in all (kernel-make), per request (apache). */
  cpuSeconds: number;
  requestsPerSecond?: number;
  objects?: number;
}

/** A scenario step carried out on the guests, at `at` seconds after the apps start. */
export type RealStep =
  | { at: number; do: 'migrate'; target: string; from: string; toNode: string }
  | { at: number; do: 'suspend' | 'resume' | 'checkpoint' | 'restart'; target: string; kind: 'vm' | 'container' | 'app' }
  | { at: number; do: 'fail'; target: string; vms: string[] }
  /** Boots `vms` (the real guests the step adds) and starts `apps` (its real apps). */
  | { at: number; do: 'add-node'; target: string; vms: string[]; apps: string[] };

export interface RunPlan extends Realization {
  /** The real part of the stack as it runs: what the comparison simulation is given. */
  asRun: Stack;
  work: AppWork[];
  steps: RealStep[];
  /** Each change from the stack as written, in words. */
  scaled: string[];
  /** The apps' window, for open-loop apps (Apache); the comparison simulation's duration then. */
  windowS?: number;
  /** Work (and so scenario times) relative to the stack as written. */
  workScale: number;
  /** The simulation of the stack as written (its simulated-only apps are reported from it). */
  original: SimResult;
  /** The simulation of `asRun`: what the measurement is compared with. */
  expected: SimResult;
}

export interface PlanOptions {
  budgetS?: number;
  /** Passed to both simulations (seed, series step; the cost figures once chosen). */
  sim?: SimOptions;
}

/** Plans a real run of a valid stack on `host`. */
export function planRealRun(stack: Stack, host: HostFacts, options: PlanOptions = {}): RunPlan {
  const budget = options.budgetS ?? DEFAULT_BUDGET_S;
  const simOptions = options.sim ?? {};
  // The layers add-node steps bring are decided with the rest: a node added midway becomes
  // a slice of this host like the others, its guests boot at the step's time.
  const written = stack.scenario ?? [];
  const full: Stack = { ...stack, layers: [...stack.layers, ...written.flatMap((s) => (s.do === 'add-node' ? s.layers : []))] };
  const r = realize(full, host);
  const original = simulate(toSimStack(stack), simOptions);
  const graph = resolveStack(full);
  const scaled: string[] = r.slices.map((s) => s.text);
  const isReal = (l: Layer): boolean => r.layers[l.id]?.real ?? false;
  const layers = stack.layers.filter(isReal).map((l) => asRunLayer(l, r, host, scaled));
  const addedAsRun = new Map(written.map((s, i) => [i, s.do === 'add-node' ? s.layers.filter(isReal).map((l) => asRunLayer(l, r, host, scaled)) : []]));
  const realApps = [...layers, ...[...addedAsRun.values()].flat()].filter((l): l is AppLayer => l.kind === 'app');
  const addSteps = (at: (t: number) => number, layerOf: (l: Layer) => Layer): ScenarioStep[] =>
    written.flatMap((s, i) =>
      s.do === 'add-node' && addedAsRun.get(i)!.length > 0 ? [{ at: at(s.at), do: 'add-node' as const, layers: addedAsRun.get(i)!.map(layerOf) }] : [],
    );
  const base: Stack = { name: stack.name, ...(stack.network ? { network: stack.network } : {}), layers };
  const probeSteps = addSteps(
    (t) => t,
    (l) => l,
  );
  const probe: Stack = { ...base, ...(probeSteps.length ? { scenario: probeSteps } : {}) };
  const finite = realApps.filter((a) => a.workload !== 'apache');
  const predicted = finite.length > 0 ? finiteMakespan(simulate(standIns(probe), { ...simOptions, seriesStepS: PROBE_STEP_S }), finite) : 0;
  const workScale = predicted > budget ? budget / predicted : 1;
  const hasApache = realApps.some((a) => a.workload === 'apache');
  const windowS = hasApache
    ? finite.length > 0
      ? Math.max(Math.min(SIM_WINDOW_S, budget), 1.5 * predicted * workScale)
      : Math.min(SIM_WINDOW_S, budget)
    : undefined;
  // A step's time scales with the work: at 10 s of a run shrunk tenfold, it comes at 1 s.
  const timeScale = workScale;

  const work: AppWork[] = [];
  const finalOf = new Map<string, Layer>();
  for (const layer of realApps) {
    const plan = r.apps.find((a) => a.id === layer.id)!;
    const { app, w } = scaleApp(layer, plan, workScale, scaled);
    work.push(w);
    finalOf.set(layer.id, app);
  }
  const final = (l: Layer): Layer => finalOf.get(l.id) ?? l;
  if (workScale < 1)
    scaled.push(
      `Work scaled by ${round(workScale, 4)} so the apps run in about ${Math.round(predicted * workScale)} s, not the ${Math.round(predicted)} s the stack would take here.`,
    );
  if (windowS !== undefined && Math.round(windowS) !== SIM_WINDOW_S) scaled.push(`Apache's window is ${Math.round(windowS)} s, not ${SIM_WINDOW_S} s.`);

  const steps: RealStep[] = [];
  const scenario: ScenarioStep[] = [];
  for (const [i, step] of written.entries()) {
    const at = round(step.at * timeScale, 3);
    const real = realStep(graph, r, step, at);
    if (typeof real === 'string') {
      scaled.push(`Scenario step ${i + 1} (${stepName(step)}) stays simulated: ${real}`);
      continue;
    }
    steps.push(real);
    if (step.do === 'add-node') {
      scenario.push({ at, do: 'add-node', layers: addedAsRun.get(i)!.map(final) });
      const left = step.layers.filter((l) => !isReal(l)).map((l) => l.id);
      if (left.length > 0)
        scaled.push(`Scenario step ${i + 1} (add-node ${real.target}) adds ${left.join(', ')} in the simulation only: they cannot be real here.`);
      if (step.join !== undefined) scaled.push(`Scenario step ${i + 1} (add-node ${real.target}) does not join ${step.join}: an SSI stays simulated.`);
    } else scenario.push({ ...step, at } as ScenarioStep);
    if (at !== step.at)
      scaled.push(`Scenario step ${i + 1} (${step.do} ${real.target}) runs at ${at} s after the apps start, not ${step.at} s (times scaled like the work).`);
  }
  const asRun: Stack = { ...base, layers: layers.map(final), ...(scenario.length ? { scenario } : {}) };
  const expected = simulate(standIns(asRun), { ...simOptions, ...(windowS !== undefined ? { durationS: windowS } : {}) });
  return { ...r, asRun, work, steps, scaled, windowS, workScale, original, expected };
}

/**
 * The simulation of the stack as run once the run measured what share of its host CPUs
 * each node's guests really got when they wanted them (`shares`, 0..1, by node): other
 * programs on this host take the rest, which a slice's `speed` cannot know beforehand.
 * Each node's speed is multiplied by its share; nothing else changes.
 */
export function simulateAsRun(plan: RunPlan, shares: Readonly<Record<string, number>>, sim: SimOptions = {}): SimResult {
  const slow = (l: Layer): Layer => (l.kind === 'node' && shares[l.id] !== undefined ? { ...l, speed: (l.speed ?? 1) * shares[l.id]! } : l);
  const stack: Stack = {
    ...plan.asRun,
    layers: plan.asRun.layers.map(slow),
    ...(plan.asRun.scenario ? { scenario: plan.asRun.scenario.map((s) => (s.do === 'add-node' ? { ...s, layers: s.layers.map(slow) } : s)) } : {}),
  };
  const finite = simulate(standIns(stack), sim);
  if (plan.windowS === undefined) return finite;
  // Apache's figures are over its window, as measured; the finite apps, slowed, may need
  // longer than that window, so their figures come from a run to their end.
  const windowed = simulate(standIns(stack), { ...sim, durationS: plan.windowS });
  const http = Object.fromEntries(Object.entries(windowed.apps).filter(([id]) => plan.work.some((w) => w.id === id && w.workload === 'apache')));
  return { ...finite, apps: { ...finite.apps, ...http } };
}

/**
 * The simulator's input for a stack as run, with what its busybox stand-ins do that the
 * stack format cannot say: the build compiles BUILD_OBJECTS objects, and each request of
 * the HTTP server makes STARTS_PER_REQUEST process starts (docs/simulator.md, Workloads).
 */
function standIns(stack: Stack): SimStack {
  const sim = toSimStack(stack);
  const fit = (l: SimLayer): SimLayer =>
    l.kind !== 'app'
      ? l
      : l.workload === 'kernel-make'
        ? { ...l, objects: BUILD_OBJECTS }
        : l.workload === 'apache'
          ? { ...l, startsPerRequest: STARTS_PER_REQUEST }
          : l;
  return { ...sim, layers: sim.layers.map(fit), scenario: sim.scenario.map((s) => (s.layers ? { ...s, layers: s.layers.map(fit) } : s)) };
}

/** A step as the result names it: its verb and what it acts on. */
function stepName(step: ScenarioStep): string {
  if (step.do === 'rewind-point') return `rewind-point "${step.name}"`;
  if (step.do === 'add-node') return `add-node ${step.layers.find((l) => l.kind === 'node')?.id ?? step.layers[0]!.id}`;
  return `${step.do} ${step.target}`;
}

/** The probe's series step: only its last point matters, for an app the 24 h cap stopped. */
const PROBE_STEP_S = 600;

/** When the last of these apps finished; for one still running at the end, when it would at the pace it went. */
function finiteMakespan(result: SimResult, apps: readonly AppLayer[]): number {
  const t = result.series?.t.at(-1) ?? 0;
  return apps.reduce((m, a) => {
    const done = result.apps[a.id]?.makespanS;
    const progress = result.series?.apps[a.id]?.progress.at(-1) ?? 0;
    return Math.max(m, done ?? (progress > 0 ? t / progress : t));
  }, 0);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A real layer as it runs: nodes become slices, hypervisors say how QEMU really runs, vms take their guest's size. */
function asRunLayer(layer: Layer, r: Realization, host: HostFacts, scaled: string[]): Layer {
  switch (layer.kind) {
    case 'node': {
      const slice = r.slices.find((s) => s.node === layer.id)!;
      return { ...layer, cpus: slice.cpus, speed: slice.speed };
    }
    case 'hypervisor': {
      const runsAs =
        host.accel === 'tcg' ? { product: 'qemu' as const, technique: 'emulation' as const } : { product: 'kvm' as const, technique: 'hw' as const };
      if (layer.product !== runsAs.product)
        scaled.push(
          `${layer.id} (${layer.product}) runs as ${host.accel === 'tcg' ? "QEMU's TCG emulation: no hardware accelerator works on this host" : `QEMU with ${host.accel.toUpperCase()}`}.`,
        );
      return { ...layer, ...runsAs };
    }
    case 'app':
      return capApp(layer, r.guests.find((g) => g.vm === r.apps.find((a) => a.id === layer.id)!.vm)!.vcpus, host, scaled);
    case 'vm': {
      const guest = r.guests.find((g) => g.vm === layer.id)!;
      if (guest.memoryMiB !== layer.memoryMiB) scaled.push(`${layer.id}: ${layer.memoryMiB} MiB of memory runs as ${guest.memoryMiB} MiB.`);
      if (guest.vcpus !== layer.vcpus) scaled.push(`${layer.id}: ${layer.vcpus} vCPUs run as ${guest.vcpus}.`);
      const { arch: _arch, ...rest } = layer;
      return { ...rest, vcpus: guest.vcpus, memoryMiB: guest.memoryMiB, virtExtensions: false };
    }
    default:
      return layer;
  }
}

/** An app's processes as they run: capped per vCPU of its guest (and the offered load of an HTTP server). */
function capApp(layer: AppLayer, vcpus: number, host: HostFacts, scaled: string[]): AppLayer {
  const cap = Math.min(MAX_PROCESSES, PROCESSES_PER_VCPU * vcpus);
  switch (layer.workload) {
    case 'mrbayes':
    case 'custom': {
      const written = layer.processes ?? (layer.workload === 'mrbayes' ? 4 : 1);
      const processes = Math.min(written, cap);
      if (processes !== written) scaled.push(`${layer.id}: ${written} processes run as ${processes}.`);
      return { ...layer, processes };
    }
    case 'kernel-make': {
      const written = layer.jobs ?? layer.processes ?? 4;
      const jobs = Math.min(written, cap);
      if (jobs !== written) scaled.push(`${layer.id}: -j ${written} runs as -j ${jobs}.`);
      return { ...layer, jobs };
    }
    case 'apache': {
      const written = layer.requestsPerSecond ?? 100;
      const cap = host.accel === 'tcg' ? MAX_REQUESTS_PER_SECOND_TCG : MAX_REQUESTS_PER_SECOND;
      const rps = Math.min(written, cap);
      if (rps !== written)
        scaled.push(
          `${layer.id}: ${written} requests/s offered run as ${rps}${host.accel === 'tcg' ? `: under emulation a request's CPU time costs the guest many times over, and its ${STARTS_PER_REQUEST} process starts (the client's and the CGI's) tens of milliseconds each` : ''}.`,
        );
      return { ...layer, requestsPerSecond: rps };
    }
  }
}

/** An app's CPU seconds scaled by `k`, and the workload the guest runs for it. */
function scaleApp(layer: AppLayer, plan: Realization['apps'][number], k: number, scaled: string[]): { app: AppLayer; w: AppWork } {
  const base = { id: layer.id, vm: plan.vm, ...(plan.container ? { container: plan.container } : {}), workload: layer.workload };
  const seconds = (s: number): number => round(Math.max(MIN_CPU_SECONDS, s * k), 3);
  switch (layer.workload) {
    case 'mrbayes':
    case 'custom': {
      const written = layer.cpuSeconds ?? (layer.workload === 'mrbayes' ? 600 : 60);
      const cpuSeconds = seconds(written);
      if (cpuSeconds !== written) scaled.push(`${layer.id}: ${written} s of CPU per process runs as ${cpuSeconds} s of this host's CPU.`);
      return { app: { ...layer, cpuSeconds }, w: { ...base, processes: layer.processes!, cpuSeconds } };
    }
    case 'kernel-make': {
      const written = layer.cpuSeconds ?? 600;
      const cpuSeconds = seconds(written);
      if (cpuSeconds !== written) scaled.push(`${layer.id}: ${written} s of CPU in all runs as ${cpuSeconds} s of this host's CPU.`);
      scaled.push(`${layer.id}: 1,500 objects are built as ${BUILD_OBJECTS}, with the same CPU time in all.`);
      return { app: { ...layer, cpuSeconds }, w: { ...base, processes: layer.jobs!, cpuSeconds, objects: BUILD_OBJECTS } };
    }
    case 'apache':
      return { app: layer, w: { ...base, processes: 1, cpuSeconds: layer.cpuSeconds ?? 0.01, requestsPerSecond: layer.requestsPerSecond } };
  }
}

/** A scenario step's real counterpart, or why it has none. */
function realStep(graph: StackGraph, r: Realization, step: ScenarioStep, at: number): RealStep | string {
  const isReal = (id: string | undefined): boolean => (id ? (r.layers[id]?.real ?? false) : false);
  if (step.do === 'add-node') {
    const added = step.layers.filter((l) => isReal(l.id));
    const node = added.find((l) => l.kind === 'node') ?? added[0];
    if (!node) return `none of its layers can be real here (${step.layers[0]!.id}: ${r.layers[step.layers[0]!.id]!.why})`;
    return {
      at,
      do: 'add-node',
      target: node.id,
      vms: r.guests.filter((g) => added.some((l) => l.id === g.vm)).map((g) => g.vm),
      apps: added.filter((l) => l.kind === 'app').map((l) => l.id),
    };
  }
  if (step.do === 'remove-node') return 'a graceful node removal is not done for real yet.';
  if (step.do === 'rewind-point') return "a rewind point marks a seminar checkpoint in the Builder view's replay; a real run does not take one.";
  const target = graph.facts.get(step.target)?.layer;
  if (!target || !isReal(target.id)) return `${step.target} is simulated.`;
  switch (step.do) {
    case 'migrate': {
      if (target.kind !== 'vm') return 'only a VM migrates for real.';
      const from = r.guests.find((g) => g.vm === target.id)!.node;
      const dest = graph.facts.get(step.to)?.layer;
      const toNode = dest?.kind === 'node' ? dest.id : dest?.kind === 'hypervisor' ? nodeOfHypervisor(graph, dest.id) : undefined;
      if (!toNode || !isReal(toNode)) return `its destination ${step.to} is simulated.`;
      if (dest?.kind === 'hypervisor' && !isReal(dest.id)) return `its destination ${step.to} is simulated.`;
      if (dest?.kind === 'node' && !childrenOf(graph, toNode).some((os) => childrenOf(graph, os.id).some((h) => isReal(h.id))))
        return `no real hypervisor runs on ${toNode}.`;
      return { at, do: 'migrate', target: target.id, from, toNode };
    }
    case 'suspend':
    case 'resume':
      if (target.kind !== 'vm' && target.kind !== 'container' && target.kind !== 'app') return `${target.kind} layers are not suspended for real.`;
      return { at, do: step.do, target: target.id, kind: target.kind };
    case 'checkpoint':
      return target.kind === 'vm' ? { at, do: 'checkpoint', target: target.id, kind: 'vm' } : 'only a VM is checkpointed for real (a QEMU snapshot).';
    case 'restart':
      if (target.kind !== 'vm') return 'only a VM is restarted for real (from its QEMU snapshot).';
      if (step.to) return 'restarting a VM elsewhere is not done for real.';
      return { at, do: 'restart', target: target.id, kind: 'vm' };
    case 'fail':
      if (target.kind !== 'node') return 'only a node fails for real.';
      return { at, do: 'fail', target: target.id, vms: r.guests.filter((g) => g.node === target.id).map((g) => g.vm) };
  }
}

function nodeOfHypervisor(graph: StackGraph, id: string): string | undefined {
  const os = firstParentOf(graph, id);
  const node = os ? firstParentOf(graph, os.id) : undefined;
  return node?.kind === 'node' ? node.id : undefined;
}
