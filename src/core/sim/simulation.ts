/**
 * The discrete-event engine: a run over a resolved stack, steppable so the UI can show
 * progress and cancel (`createSimulation(...).advance(n)`), or all at once (`simulate`).
 * Same stack, seed and duration give the same result, byte for byte: all randomness comes
 * from one seeded generator and every collection is visited in insertion order.
 */
import { mbpsToMiBps, processMigrationS, SSI_REMOTE_IO_FACTOR, startFactor } from './costModel';
import { EventQueue, RootTimeHeap } from './eventQueue';
import { adjustLoadAverage, isRunnable, markLoadAverages, recompute, settle, type WorkMeter } from './fluidCpu';
import { createPrng, type Prng } from './prng';
import { FRACTIONAL_ZERO, type AppRt, type Host, type Pool, type Proc, type Root, type SsiMember, type SsiRt, type VmRt } from './simState';
import type { ScenarioHost } from './scenarioHost';
import { runScenarioStep, validateScenario } from './scenarioVerbs';
import { fmt, roundTo, type SimEvent, type SimEventType, type SimMigration, type SimResult } from './simResult';
import { MAX_DURATION_S, type SimAppLayer, type SimNetwork, type SimStack } from './simInput';
import { BALANCE_INTERVAL_S, chooseMember, estimateRate, MIGRATION_GAIN, RESIDENCY_S, spreadMember, type BalancerPolicy } from './ssiBalancer';
import { costFigures, type CostFigures, type HostFigures } from './simFigures';
import { Topology } from './topology';
import { DEFAULT_MAX_WORK, SimWorkLimitError, workLimitMessage } from './workLimit';
import { createWorkloadRun, totalWork, WORKLOAD_DEFAULTS, type WorkloadHost } from './workloads';

/** How to run. */
export interface SimOptions {
  /** Seed of the random generator (default 1). */
  seed?: number;
  /** Stop at this simulated time instead of when every app is done (capped at 24 h). */
  durationS?: number;
  /** Sample per-node and per-app series every this many simulated seconds. */
  seriesStepS?: number;
  /** The SSI scheduler's view (default `oblivious`, as Kerrighed and MOSIX were). */
  balancer?: BalancerPolicy;
  /** Stop with a SimWorkLimitError after this much work (workLimit.ts; default DEFAULT_MAX_WORK). */
  maxWork?: number;
  /** This host's measured figures (simFigures.ts); unset, the literature's. */
  figures?: HostFigures;
}

/** Where a run is. */
export interface SimProgress {
  simTimeS: number;
  events: number;
  /** 0..1: the share of the duration, or of the apps' work, done. */
  fraction: number;
  done: boolean;
}

/** A run in progress. */
export interface Simulation {
  /** Processes up to `maxEvents` events; returns true once the run is over. */
  advance(maxEvents: number): boolean;
  readonly progress: SimProgress;
  /** Work done so far, in the units of the work limit (workLimit.ts). */
  readonly work: number;
  /** The result; runs to the end first if needed. */
  result(): SimResult;
}

interface SeriesState {
  step: number;
  t: number[];
  nodes: Map<string, number[]>;
  apps: Map<string, number[]>;
  lastIntegral: Map<number, number>;
  lastT: number;
}

/** The engine; scenarioVerbs.ts drives it through these members. */
export class SimEngine implements WorkloadHost, ScenarioHost, Simulation {
  now = 0;
  readonly rng: Prng;
  readonly topo: Topology;
  readonly figures: CostFigures;
  readonly queue = new EventQueue();
  readonly rootHeap: RootTimeHeap;
  readonly apps: AppRt[] = [];
  readonly appsById = new Map<string, AppRt>();
  readonly events: SimEvent[] = [];
  readonly migrations: SimMigration[] = [];
  readonly network: SimNetwork;
  readonly balancer: BalancerPolicy;
  readonly horizonS: number;
  private readonly fixedDuration: boolean;
  /**
   * Roots marked dirty since the last flush, in dirtyRoots[0..dirtyCount), and the
   * processes done at an event, in scratch: both reused at every event and never shrunk
   * (setting an array's length is slow in V8).
   */
  private readonly dirtyRoots: Root[] = [];
  private dirtyCount = 0;
  private readonly scratch: Proc[] = [];
  private procIds = 0;
  private eventCount = 0;
  private activeFinite = 0;
  private activeOpen = 0;
  private pendingSteps = 0;
  /** Migrations, checkpoints and drains under way: the run waits for them. */
  inFlight = 0;
  private finished = false;
  private endS = 0;
  private readonly meter: WorkMeter = { work: 0 };
  private readonly maxWork: number;
  private readonly appLayers: SimAppLayer[];
  private readonly series: SeriesState | null;
  /** When set, new SSI processes go to this member (restart with `to`). */
  pinnedMember: SsiMember | null = null;
  /** Targets suspended by the scenario. */
  readonly suspended = new Set<string>();
  /** Live migrations under way, by the roots they leave and reach (they share those links). */
  readonly liveMigrations: Array<{ from: Root | null; to: Root | null }> = [];
  /** Kerrighed checkpoints of SSI apps, by app id. */
  readonly appCheckpoints = new Map<string, { state: unknown; workDone: number }>();

  constructor(stack: SimStack, options: SimOptions = {}) {
    this.rng = createPrng(options.seed ?? 1);
    this.figures = costFigures(options.figures);
    this.topo = new Topology(this.figures.technique);
    this.network = stack.network;
    this.balancer = options.balancer ?? 'oblivious';
    this.fixedDuration = options.durationS !== undefined;
    this.horizonS = Math.min(options.durationS ?? MAX_DURATION_S, MAX_DURATION_S);
    this.maxWork = options.maxWork ?? DEFAULT_MAX_WORK;
    this.appLayers = stack.layers.filter((l): l is SimAppLayer => l.kind === 'app');
    const layers = this.topo.addLayers(stack.layers, 0);
    validateScenario(this.topo, stack.scenario);
    this.rootHeap = new RootTimeHeap(this.topo.roots.length);
    for (const ssi of this.topo.ssis.values()) this.placeSsiVms(ssi);
    for (const l of layers) if (l.kind === 'app') this.startApp(l);
    const steps = stack.scenario.map((s, i) => ({ s, i })).sort((a, b) => a.s.at - b.s.at || a.i - b.i);
    for (const { s } of steps) {
      this.pendingSteps++;
      this.queue.push(Math.max(0, s.at), () => {
        this.pendingSteps--;
        runScenarioStep(this, s);
      });
    }
    this.series =
      options.seriesStepS !== undefined && options.seriesStepS > 0
        ? { step: options.seriesStepS, t: [], nodes: new Map(), apps: new Map(), lastIntegral: new Map(), lastT: 0 }
        : null;
    if (this.series) {
      this.sample();
      this.queue.push(this.series.step, () => this.sampleTick());
    }
    this.flush();
  }

  // ---- the loop ---------------------------------------------------------------------

  advance(maxEvents: number): boolean {
    let n = 0;
    while (!this.finished && n < maxEvents) {
      const tq = this.queue.peekTime();
      const tr = this.rootHeap.peekTime();
      const t = tr <= tq ? tr : tq;
      if (t > this.horizonS || t === Infinity) {
        this.end(this.fixedDuration || t !== Infinity ? this.horizonS : this.now);
        break;
      }
      this.now = t;
      if (tr <= tq) this.completeRoot(this.topo.roots[this.rootHeap.peekRoot()] as Root);
      else this.queue.pop()();
      this.flush();
      this.eventCount++;
      this.meter.work++;
      n++;
      if (!this.fixedDuration && this.activeFinite === 0 && this.activeOpen === 0 && this.pendingSteps === 0 && this.inFlight === 0) this.end(this.now);
    }
    return this.finished;
  }

  /** Work done so far, in the units of the work limit. */
  get work(): number {
    return this.meter.work;
  }

  get progress(): SimProgress {
    let fraction: number;
    if (this.finished) fraction = 1;
    else if (this.fixedDuration) fraction = this.now / this.horizonS;
    else {
      let sum = 0;
      for (const a of this.apps) sum += this.appProgress(a);
      fraction = this.apps.length > 0 ? sum / this.apps.length : 0;
    }
    return { simTimeS: this.now, events: this.eventCount, fraction: Math.min(1, fraction), done: this.finished };
  }

  result(): SimResult {
    while (!this.advance(1 << 20));
    const apps: SimResult['apps'] = {};
    for (const a of this.apps) {
      const r: SimResult['apps'][string] = {};
      if (a.state === 'finished' && !a.run.openLoop && a.finishS !== undefined) r.makespanS = roundTo(a.finishS - a.startS, 6);
      const f = a.run.figures();
      if (f.throughputRps !== undefined) r.throughputRps = roundTo(f.throughputRps, 3);
      if (f.latencyP50Ms !== undefined) r.latencyP50Ms = roundTo(f.latencyP50Ms, 3);
      if (f.latencyP99Ms !== undefined) r.latencyP99Ms = roundTo(f.latencyP99Ms, 3);
      if (a.killedS !== undefined) r.killedAtS = roundTo(a.killedS, 6);
      apps[a.id] = r;
    }
    const nodes: SimResult['nodes'] = {};
    for (const n of this.topo.nodes.values()) {
      const span = Math.min(this.endS, n.endedAtS) - n.addedAtS;
      nodes[n.id] = { cpuUtil: span > 0 ? roundTo(Math.min(1, n.root.busyIntegral / (n.root.pool.cpus * span)), 4) : 0 };
    }
    const out: SimResult = { apps, nodes, migrations: this.migrations, events: this.events };
    if (this.series) {
      const s = this.series;
      const nodeSeries: Record<string, { cpuUtil: number[] }> = {};
      for (const [id, v] of s.nodes) nodeSeries[id] = { cpuUtil: v };
      const appSeries: Record<string, { progress: number[] }> = {};
      for (const [id, v] of s.apps) appSeries[id] = { progress: v };
      out.series = { t: s.t, nodes: nodeSeries, apps: appSeries };
    }
    return out;
  }

  private end(t: number): void {
    this.now = t;
    for (const r of this.topo.roots) settle(r, t);
    this.endS = t;
    if (this.series && this.series.lastT < t) this.sample();
    this.finished = true;
  }

  // ---- fluid CPU bookkeeping ----------------------------------------------------------

  /** Before something in a root changes: accounts its progress up to now and marks it dirty, so its rates are recomputed before time moves on. */
  markDirty(root: Root | null): void {
    if (root === null || root.dirty) return;
    settle(root, this.now);
    root.dirty = true;
    this.dirtyRoots[this.dirtyCount++] = root;
  }

  /** Recomputes a dirty root's demand and rates now instead of at the next flush (for the balancer's estimates). */
  recomputeNow(root: Root | null): void {
    if (root === null || !root.dirty) return;
    recompute(root, this.meter);
    this.checkWork();
  }

  /** Ends the run with a SimWorkLimitError once it has done more than its work limit. */
  private checkWork(): void {
    if (this.meter.work <= this.maxWork) return;
    throw new SimWorkLimitError(workLimitMessage(this.appLayers, this.topo, { events: this.eventCount, simTimeS: this.now, maxWork: this.maxWork }));
  }

  private flush(): void {
    const tol = this.tolerance();
    this.rootHeap.ensureCapacity(this.topo.roots.length);
    for (let i = 0; i < this.dirtyCount; i++) {
      const root = this.dirtyRoots[i] as Root;
      root.dirty = false;
      const dt = recompute(root, this.meter);
      this.rootHeap.set(root.idx, dt === Infinity || !root.alive ? Infinity : root.last + (dt <= tol ? 0 : dt));
    }
    this.dirtyCount = 0;
    this.checkWork();
  }

  /** Work left below rate × tolerance counts as done, so rounding never stalls time. */
  private tolerance(): number {
    return 1e-9 * Math.max(1, this.now);
  }

  private completeRoot(root: Root): void {
    this.markDirty(root);
    const tol = this.tolerance();
    // A scratch list reused across events: completions are the hot path.
    const done = this.scratch;
    let doneCount = 0;
    const active = root.active;
    const n = root.activeCount;
    for (let i = 0; i < n; i++) {
      const p = active[i] as Proc;
      if (p.remaining <= p.rate * tol) done[doneCount++] = p;
    }
    for (let i = 0; i < doneCount; i++) {
      const p = done[i] as Proc;
      if (!p.alive || !p.hasWork) continue;
      p.app.workDone += p.remaining;
      p.remaining = 0;
      p.hasWork = false;
      p.app.run.onChunkDone(p);
    }
  }

  // ---- WorkloadHost -----------------------------------------------------------------

  schedule(t: number, action: () => void): void {
    this.queue.push(t, action);
  }

  spawn(app: AppRt, work: number, ioFrac: number, memoryMiB: number, tag: number, starts = 0): Proc {
    let frozen = app.suspended;
    for (let c = app.container; c !== null; c = c.outer) frozen ||= c.suspended;
    const proc: Proc = {
      id: this.procIds++,
      app,
      pool: null,
      member: null,
      remaining: FRACTIONAL_ZERO,
      ioFrac: FRACTIONAL_ZERO,
      factor: FRACTIONAL_ZERO,
      rate: FRACTIONAL_ZERO,
      hasWork: work > 0,
      holds: frozen ? 1 : 0,
      alive: true,
      memoryMiB,
      tag,
      movedAtS: -Infinity,
    };
    // Set apart from the literal: whole numbers would make the fields integers (FRACTIONAL_ZERO).
    proc.remaining = work;
    proc.ioFrac = ioFrac;
    proc.factor = 1;
    app.procs.push(proc);
    const host = app.host;
    if (host.kind === 'pool') {
      if (!host.pool.alive) {
        this.exit(proc);
        this.killApp(app, `its kernel ${host.osId} is down`);
        return proc;
      }
      this.putProc(proc, this.topo.capPool(app.container, host.pool), null);
      this.addStarts(proc, starts);
      return proc;
    }
    this.recomputeMembers(host.ssi);
    const member =
      this.pinnedMember ??
      (work > 0 ? chooseMember(host.ssi, this.balancer, 1) : spreadMember(host.ssi, this.balancer, (m) => app.procs.filter((p) => p.member === m).length));
    if (member === null) {
      this.exit(proc);
      this.killApp(app, `ssi ${host.ssi.id} has no member left to run its processes`);
      return proc;
    }
    this.putProc(proc, this.topo.capPool(app.container, member.pool), member);
    this.addStarts(proc, starts);
    this.recomputeNow(member.pool.root);
    return proc;
  }

  setWork(proc: Proc, work: number, ioFrac: number, starts = 0): void {
    if (!proc.alive) return;
    this.markDirty(proc.pool?.root ?? null);
    proc.remaining = work;
    proc.hasWork = work > 0;
    if (ioFrac !== proc.ioFrac && proc.pool) {
      proc.ioFrac = ioFrac;
      proc.factor = this.factorFor(proc, proc.pool, proc.member);
    }
    this.addStarts(proc, starts);
  }

  /**
   * Adds the time of `starts` process starts where the process runs (costModel.ts,
   * PROCESS_START_S) to its work, in the work units its factor divides: with the
   * literature's figures a start costs nothing and the work stays as it was.
   */
  private addStarts(proc: Proc, starts: number): void {
    if (starts <= 0 || this.figures.processStartS <= 0 || proc.pool === null) return;
    proc.remaining += (starts * this.figures.processStartS * startFactor(proc.pool.cost)) / proc.factor;
    proc.hasWork = proc.remaining > 0;
  }

  exit(proc: Proc): void {
    this.detachProc(proc);
    proc.alive = false;
    const i = proc.app.procs.indexOf(proc);
    if (i >= 0) proc.app.procs.splice(i, 1);
  }

  finish(app: AppRt): void {
    if (app.state !== 'running') return;
    app.state = 'finished';
    app.finishS = this.now;
    for (const p of [...app.procs]) this.exit(p);
    if (app.run.openLoop) this.activeOpen--;
    else this.activeFinite--;
    if (app.run.openLoop) {
      const f = app.run.figures();
      this.emit(
        'app-finish',
        app.id,
        `${app.id} (apache) closed its ${fmt(this.now - app.startS)} s window: ${fmt(f.throughputRps ?? 0)} requests/s served, p50 ${fmt(f.latencyP50Ms ?? 0)} ms, p99 ${fmt(f.latencyP99Ms ?? 0)} ms`,
      );
    } else
      this.emit('app-finish', app.id, `${app.id} (${app.layer.workload}) finished after ${fmt(this.now - app.startS)} s`, {
        makespanS: roundTo(this.now - app.startS, 6),
      });
  }

  barrierDelayS(app: AppRt): number {
    const roots = new Set<Root>();
    for (const p of app.procs) if (p.alive && p.pool?.root) roots.add(p.pool.root);
    if (roots.size <= 1) return 0;
    const sites = new Set<string>();
    for (const r of roots) for (const n of r.nodes) sites.add(n.site);
    const latencyS = (sites.size > 1 ? this.network.wanLatencyMs : this.network.lanLatencyMs) / 1000;
    // A tree all-reduce over the ranks: 2·⌈log2 P⌉ message latencies per synchronisation.
    return 2 * Math.ceil(Math.log2(Math.max(2, app.procs.length))) * latencyS;
  }

  clientRttS(): number {
    return (2 * this.network.lanLatencyMs) / 1000;
  }

  windowEndS(app: AppRt): number {
    return this.fixedDuration ? this.horizonS : app.startS + WORKLOAD_DEFAULTS.apache.windowS;
  }

  // ---- processes, apps and events ----------------------------------------------------

  /** Appends an event to the log. */
  emit(type: SimEventType, target: string | undefined, message: string, extra: Record<string, string | number | boolean> = {}): void {
    // Key order is part of the byte-identical output: t, type, target, message, then extras.
    const e: SimEvent = target !== undefined ? { t: roundTo(this.now, 6), type, target, message } : { t: roundTo(this.now, 6), type, message };
    Object.assign(e, extra);
    this.events.push(e);
  }

  /** Starts an app layer now. */
  startApp(layer: SimAppLayer): AppRt {
    const host: Host = this.topo.hostOf(layer.on);
    const container = this.topo.containers.get(layer.on) ?? null;
    const app: AppRt = {
      idx: this.apps.length,
      id: layer.id,
      layer,
      host,
      container,
      home: null,
      procs: [],
      state: 'running',
      startS: this.now,
      finishS: undefined,
      killedS: undefined,
      suspended: false,
      run: null as unknown as AppRt['run'],
      workDone: FRACTIONAL_ZERO,
    };
    app.run = createWorkloadRun(app, this);
    this.apps.push(app);
    this.appsById.set(app.id, app);
    if (app.run.openLoop) this.activeOpen++;
    else this.activeFinite++;
    if (host.kind === 'ssi') {
      app.home = host.ssi.members.find((m) => m.alive && !m.draining) ?? null;
      host.ssi.apps.push(app);
    }
    if (host.kind === 'pool' && !host.pool.alive) {
      this.killApp(app, `${layer.on} is down`);
      return app;
    }
    app.run.start();
    if (app.state === 'running') this.emit('app-start', app.id, this.describeStart(app));
    if (host.kind === 'ssi') this.ensureBalancing(host.ssi);
    return app;
  }

  /** Kills an app and its processes, with the reason in the log. */
  killApp(app: AppRt, reason: string): void {
    if (app.state !== 'running') return;
    app.state = 'killed';
    app.killedS = this.now;
    for (const p of [...app.procs]) this.exit(p);
    if (app.run.openLoop) this.activeOpen--;
    else this.activeFinite--;
    this.emit('app-killed', app.id, `${app.id} killed: ${reason}`);
  }

  /** Brings a killed app back (restart from a checkpoint). */
  revive(app: AppRt): void {
    if (app.state === 'running') return;
    if (app.state === 'finished') app.finishS = undefined;
    app.state = 'running';
    app.killedS = undefined;
    if (app.run.openLoop) this.activeOpen++;
    else this.activeFinite++;
  }

  /** A process died under its app: the workload decides whether the app survives. */
  loseProc(proc: Proc, why: string): void {
    const app = proc.app;
    this.exit(proc);
    if (app.state !== 'running') return;
    const homeLost = app.home !== null && !app.home.alive;
    if (homeLost) this.killApp(app, `its home member ${app.home?.layerId} is gone (${why})`);
    else if (!app.run.survivesLoss(proc)) this.killApp(app, `${procName(proc)} died: ${why}; ${lossRule(app)}`);
  }

  /** Time factor of a process on a pool (cost model; SSI remote I/O away from home). */
  factorFor(proc: Proc, pool: Pool, member: SsiMember | null): number {
    const remote = member !== null && proc.app.home !== null && member !== proc.app.home ? SSI_REMOTE_IO_FACTOR : 1;
    return (1 - proc.ioFrac) * pool.cost.cpu + proc.ioFrac * pool.cost.io * remote;
  }

  private putProc(proc: Proc, pool: Pool, member: SsiMember | null): void {
    this.markDirty(pool.root);
    proc.pool = pool;
    proc.member = member;
    proc.factor = this.factorFor(proc, pool, member);
    pool.procs.push(proc);
  }

  private detachProc(proc: Proc): void {
    const pool = proc.pool;
    if (pool === null) return;
    this.markDirty(pool.root);
    const i = pool.procs.indexOf(proc);
    if (i >= 0) {
      const last = pool.procs.pop() as Proc;
      if (i < pool.procs.length) pool.procs[i] = last;
    }
    proc.pool = null;
  }

  /** Moves a process to another SSI member, frozen for the migration's cost; returns that cost in seconds. */
  moveProc(proc: Proc, to: SsiMember, scheduler: string, why: string): number {
    const from = proc.member;
    const fromRoot = proc.pool?.root ?? null;
    this.detachProc(proc);
    this.putProc(proc, this.topo.capPool(proc.app.container, to.pool), to);
    const bw = this.bandwidthMiBps(fromRoot, to.pool.root);
    const costS = processMigrationS(proc.memoryMiB, bw);
    proc.movedAtS = this.now;
    proc.holds++;
    this.inFlight++;
    const arrivingAt = to.pool;
    arrivingAt.arriving++;
    this.schedule(this.now + costS, () => {
      this.inFlight--;
      arrivingAt.arriving--;
      if (!proc.alive) return;
      this.markDirty(proc.pool?.root ?? null);
      proc.holds--;
    });
    this.emit(
      'process-migrate',
      proc.app.id,
      `${procName(proc)} moved from ${from?.layerId ?? '?'} to ${to.layerId} in ${fmt(costS * 1000)} ms (freeze, ${fmt(proc.memoryMiB)} MiB at ${fmt(bw)} MiB/s, restore): ${why}`,
      { scheduler, from: from?.layerId ?? '', to: to.layerId, durationMs: roundTo(costS * 1000, 3) },
    );
    return costS;
  }

  /** Moves an SSI-hosted VM (its emulator process) to another member; returns the cost in seconds. */
  moveVm(vm: VmRt, to: SsiMember, scheduler: string, why: string): number {
    const from = vm.member;
    const fromRoot = vm.pool.root;
    this.markDirty(fromRoot);
    this.topo.placeVm(vm, this.topo.capPool(vm.hypervisor.container, to.pool));
    vm.member = to;
    this.markDirty(to.pool.root);
    const bw = this.bandwidthMiBps(fromRoot, to.pool.root);
    const costS = processMigrationS(vm.memoryMiB, bw);
    vm.movedAtS = this.now;
    vm.pool.holds++;
    this.inFlight++;
    this.schedule(this.now + costS, () => {
      this.inFlight--;
      this.markDirty(vm.pool.root);
      vm.pool.holds--;
    });
    this.emit(
      'process-migrate',
      vm.id,
      `vm ${vm.id} (a ${vm.hypervisor.product} process to the SSI) moved from ${from?.layerId ?? '?'} to ${to.layerId} in ${fmt(costS * 1000)} ms: ${why}`,
      { scheduler, from: from?.layerId ?? '', to: to.layerId, durationMs: roundTo(costS * 1000, 3) },
    );
    return costS;
  }

  /** Link rate between where two roots are (LAN within a site, WAN across), in MiB/s. */
  bandwidthMiBps(a: Root | null, b: Root | null): number {
    const sa = a?.nodes[0]?.site;
    const sb = b?.nodes[0]?.site;
    return mbpsToMiBps(sa !== undefined && sb !== undefined && sa !== sb ? this.network.wanMbps : this.network.lanMbps);
  }

  // ---- the SSI scheduler --------------------------------------------------------------

  /** Recomputes every dirty member's demand now, before the balancer reads it. */
  recomputeMembers(ssi: SsiRt): void {
    for (const m of ssi.members) this.recomputeNow(m.pool.root);
  }

  /**
   * Places the VMs of hypervisors standing on an SSI: the SSI scheduler manages them as
   * processes. A VM adds no load before its guest runs, so placing by load alone would put
   * every VM on the first member; like a distant fork, it goes where fewest VMs are. The
   * balancing loop then moves them on load, even when nothing else runs on the SSI.
   */
  placeSsiVms(ssi: SsiRt): void {
    const vmsOn = (m: SsiMember): number => ssi.hypervisors.reduce((n, h) => n + h.vms.filter((v) => v.alive && v.member === m).length, 0);
    for (const h of ssi.hypervisors) {
      for (const vm of h.vms) {
        if (vm.member !== null || !vm.alive) continue;
        this.recomputeMembers(ssi);
        const m = spreadMember(ssi, this.balancer, vmsOn);
        if (m === null) continue;
        this.topo.placeVm(vm, this.topo.capPool(h.container, m.pool));
        vm.member = m;
        this.markDirty(m.pool.root);
        this.recomputeNow(m.pool.root);
      }
    }
    if (ssi.hypervisors.some((h) => h.vms.some((v) => v.alive))) this.ensureBalancing(ssi);
  }

  /** Keeps the periodic balancing of an SSI going while it runs something. */
  ensureBalancing(ssi: SsiRt): void {
    if (ssi.balancing) return;
    ssi.balancing = true;
    this.schedule(this.now + BALANCE_INTERVAL_S, () => this.balanceTick(ssi));
  }

  private balanceTick(ssi: SsiRt): void {
    const busy = ssi.apps.some((a) => a.state === 'running') || ssi.hypervisors.some((h) => h.vms.some((v) => v.alive));
    if (!busy || !ssi.alive) {
      ssi.balancing = false;
      return;
    }
    this.rebalance(ssi, 'balancer');
    this.schedule(this.now + BALANCE_INTERVAL_S, () => this.balanceTick(ssi));
  }

  /**
   * One balancing round on load averages since the last one: moves what gains most, a few
   * at a time, and counts each move in the averages before choosing the next.
   */
  rebalance(ssi: SsiRt, scheduler: string): void {
    const roots = new Set<Root>();
    for (const m of ssi.members) if (m.pool.root) roots.add(m.pool.root);
    this.recomputeMembers(ssi);
    for (const r of roots) markLoadAverages(r, this.now);
    const live = ssi.members.filter((m) => m.alive && !m.draining).length;
    const maxMoves = Math.max(1, Math.floor(live / 2));
    for (let k = 0; k < maxMoves; k++) {
      let best: { gain: number; from: SsiMember; to: SsiMember; weight: number; apply: () => void } | null = null;
      for (const from of ssi.members) {
        if (!from.alive) continue;
        const proc = this.movableProc(ssi, from);
        const vm = proc === null ? this.movableVm(ssi, from) : null;
        if (proc === null && vm === null) continue;
        const weight = proc ? 1 : (vm as VmRt).pool.busy;
        // What the mover gets if it stays: the load without it, plus itself.
        const cur = from.draining ? 0 : estimateRate(from, this.balancer, 0, 'average');
        for (const to of ssi.members) {
          if (to === from) continue;
          const est = estimateRate(to, this.balancer, weight, 'average');
          if (est < 0) continue;
          const gain = cur > 0 ? est / cur : Infinity;
          if (gain > MIGRATION_GAIN && (best === null || gain > best.gain)) {
            const why = `the ${this.balancer} balancer expects ${fmt(est)} of a core there against ${fmt(cur)} on ${from.layerId} (load averages)`;
            best = { gain, from, to, weight, apply: () => (proc ? this.moveProc(proc, to, scheduler, why) : this.moveVm(vm as VmRt, to, scheduler, why)) };
          }
        }
      }
      if (best === null) return;
      best.apply();
      adjustLoadAverage(best.from.pool, -best.weight);
      adjustLoadAverage(best.to.pool, best.weight);
    }
  }

  private movableProc(ssi: SsiRt, member: SsiMember): Proc | null {
    for (const app of ssi.apps) {
      if (app.state !== 'running') continue;
      for (const p of app.procs) {
        this.meter.work++;
        if (p.member !== member || !isRunnable(p) || this.now - p.movedAtS < RESIDENCY_S) continue;
        // Short jobs (compiles) finish before a migration would pay off; stay put.
        if (app.layer.workload === 'kernel-make' && p.rate > 0 && p.remaining / p.rate < 4 * processMigrationS(p.memoryMiB, this.bandwidthMiBps(null, null)))
          continue;
        return p;
      }
    }
    return null;
  }

  private movableVm(ssi: SsiRt, member: SsiMember): VmRt | null {
    for (const h of ssi.hypervisors)
      for (const vm of h.vms)
        if (vm.member === member && vm.alive && !vm.migrating && vm.pool.holds === 0 && vm.pool.busy > 0 && this.now - vm.movedAtS >= RESIDENCY_S) return vm;
    return null;
  }

  // ---- reporting --------------------------------------------------------------------

  private appProgress(a: AppRt): number {
    if (a.state === 'finished') return 1;
    if (a.run.openLoop) return a.run.progress();
    const total = totalWork(a.layer);
    return total > 0 ? Math.min(1, a.workDone / total) : 1;
  }

  private describeStart(app: AppRt): string {
    const what = `${app.id} (${describeWorkload(app)})`;
    if (app.host.kind === 'pool') return `${what} starts on ${app.host.osId}${this.contentionNote(app)}`;
    const counts = new Map<string, number>();
    for (const p of app.procs) if (p.member) counts.set(p.member.layerId, (counts.get(p.member.layerId) ?? 0) + 1);
    const spread = [...counts].map(([m, c]) => `${c} on ${m}`).join(', ');
    return `${what} starts on ${app.host.ssi.id}; the ${this.balancer} SSI balancer placed ${spread || 'none yet'}${this.contentionNote(app)}`;
  }

  /** Names the hypervisors that time-slice the app's vCPUs: the second scheduler. */
  private contentionNote(app: AppRt): string {
    const notes: string[] = [];
    const seen = new Set<Root>();
    for (const p of app.procs) {
      const root = p.pool?.root;
      if (!root || seen.has(root)) continue;
      seen.add(root);
      if (root.alive && !canOvercommit(root.pool)) continue;
      this.recomputeNow(root);
      const vms = root.order.filter((q) => q.kind === 'vm' && q.busy > 0);
      if (vms.length > 0 && root.pool.threads > root.pool.cpus) {
        notes.push(
          `${root.nodes.map((x) => x.id).join('+')}: its hypervisor shares ${root.pool.cpus} cores among ${fmt(root.pool.threads)} busy vCPUs (${vms.map((v) => v.layerId).join(', ')}), each gets ${fmt(root.pool.threadRate)} of a core`,
        );
      }
    }
    return notes.length > 0 ? `; beneath, ${notes.join('; ')}` : '';
  }

  private sample(): void {
    const s = this.series as SeriesState;
    const dt = this.now - s.lastT;
    const idx = s.t.length;
    s.t.push(roundTo(this.now, 6));
    for (const r of this.topo.roots) settle(r, this.now);
    for (const n of this.topo.nodes.values()) {
      let arr = s.nodes.get(n.id);
      if (!arr) {
        arr = new Array<number>(idx).fill(0);
        s.nodes.set(n.id, arr);
      }
      const prev = s.lastIntegral.get(n.root.idx) ?? 0;
      arr.push(dt > 0 ? roundTo(Math.min(1, (n.root.busyIntegral - prev) / (n.root.pool.cpus * dt)), 4) : 0);
    }
    for (const r of this.topo.roots) s.lastIntegral.set(r.idx, r.busyIntegral);
    for (const a of this.apps) {
      let arr = s.apps.get(a.id);
      if (!arr) {
        arr = new Array<number>(idx).fill(0);
        s.apps.set(a.id, arr);
      }
      arr.push(roundTo(this.appProgress(a), 4));
    }
    s.lastT = this.now;
  }

  private sampleTick(): void {
    this.sample();
    const s = this.series as SeriesState;
    const next = this.now + s.step;
    if (next <= this.horizonS) this.queue.push(next, () => this.sampleTick());
  }
}

/**
 * Whether a pool could ever have more runnable threads than CPUs: its own processes plus
 * what its children pass down (each at most its CPUs) exceed its CPUs. When not, no
 * contention note can name it, and re-rating its root just to find that out (every app
 * start on a node of the scale stack, 8,192 times) is skipped.
 */
function canOvercommit(pool: Pool): boolean {
  let most = pool.procs.length;
  for (const child of pool.children) most += child.cpus;
  return most > pool.cpus;
}

/** What an app runs, for its start event. */
function describeWorkload(app: AppRt): string {
  const l = app.layer;
  switch (l.workload) {
    case 'mrbayes':
      return `mrbayes, ${app.procs.length} MPI ranks`;
    case 'kernel-make':
      return `kernel-make, make -j ${l.jobs ?? l.processes ?? WORKLOAD_DEFAULTS['kernel-make'].processes}`;
    case 'apache':
      return `apache, ${app.procs.length} workers, ${l.requestsPerSecond ?? WORKLOAD_DEFAULTS.apache.requestsPerSecond} requests/s`;
    case 'custom':
      return `custom, ${app.procs.length} process${app.procs.length === 1 ? '' : 'es'}`;
  }
}

function procName(p: Proc): string {
  switch (p.app.layer.workload) {
    case 'mrbayes':
      return `rank ${p.tag} of ${p.app.id}`;
    case 'kernel-make':
      return `a compile job of ${p.app.id}`;
    case 'apache':
      return `worker ${p.tag} of ${p.app.id}`;
    case 'custom':
      return `process ${p.tag} of ${p.app.id}`;
  }
}

function lossRule(app: AppRt): string {
  switch (app.layer.workload) {
    case 'mrbayes':
      return 'an MPI job dies with any of its ranks';
    case 'kernel-make':
      return 'make stops at the first failed job';
    case 'apache':
      return 'its parent could not respawn the worker';
    case 'custom':
      return 'a custom job needs all its processes';
  }
}

/** Creates a run that the caller advances step by step (the Web Worker does, to report progress and honour cancel). */
export function createSimulation(stack: SimStack, options: SimOptions = {}): Simulation {
  return new SimEngine(stack, options);
}

/** Runs a stack to the end and returns its result. */
export function simulate(stack: SimStack, options: SimOptions = {}): SimResult {
  return new SimEngine(stack, options).result();
}
