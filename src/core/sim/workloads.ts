/**
 * The seminar's workloads (MrBayes in MPI, a kernel `make`, Apache) and a custom one. Work
 * is counted in seconds of a native reference core (a 2007 server core at `speed: 1`).
 * Every default below is documented; most are guesses where the seminar gives no figure,
 * chosen so a run takes minutes of simulated time, like the seminar's experiments would.
 */
import { type Prng } from './prng';
import { type AppRt, type Proc, type WorkloadRun } from './simState';
import { type SimAppLayer } from './simInput';

/** What a workload may ask of the simulator. */
export interface WorkloadHost {
  readonly now: number;
  readonly rng: Prng;
  /** Starts a process of `app` with `work` native CPU-seconds to do (0: idle), plus the cost of `starts` process starts (costModel.ts). */
  spawn(app: AppRt, work: number, ioFrac: number, memoryMiB: number, tag: number, starts?: number): Proc;
  /** Gives an idle process a new chunk of work, plus the cost of `starts` process starts. */
  setWork(proc: Proc, work: number, ioFrac: number, starts?: number): void;
  /** Ends a process. */
  exit(proc: Proc): void;
  /** The app completed. */
  finish(app: AppRt): void;
  schedule(t: number, action: () => void): void;
  /** Seconds an MPI barrier costs given where the app's ranks run now. */
  barrierDelayS(app: AppRt): number;
  /** Client round-trip time to the app's home (apache latency). */
  clientRttS(app: AppRt): number;
  /** When an open-loop app stops receiving requests. */
  windowEndS(app: AppRt): number;
}

/** Documented defaults per workload. */
export const WORKLOAD_DEFAULTS = {
  // MrBayes 3 in MPI (Altekar et al., Bioinformatics 2004): Metropolis-coupled chains spread
  // over ranks, CPU-bound, swapping states every generation, so the slowest rank sets the
  // pace. 4 ranks, 600 s of CPU each, 256 MiB each, 1 % I/O (checkpoint files) and
  // 4 MiB/s of dirtied memory per rank are guesses. Per-generation swaps are coarsened
  // into 100 synchronised steps: enough for barriers to show, few enough events.
  mrbayes: { processes: 4, cpuSeconds: 600, memoryMiB: 256, ioFrac: 0.01, dirtyRateMiBps: 4, steps: 100 },
  // A Linux 2.6 kernel build with `make -j`: about 1,500 objects in 30 directories (a
  // default config of that time); 600 s of CPU in all (about 10 minutes on one 2007 core),
  // 94 % in compiling, 2 % configuring, 1 % archiving directories, 3 % linking vmlinux.
  // Compile jobs are 15 % I/O and system calls (headers, temporary files), the link 30 %;
  // 64 MiB and 16 MiB/s of dirtied memory per job. All guesses; -j defaults to `processes`
  // (4). Process starts per job (costed only where a start has a cost, costModel.ts):
  // a compile runs gcc's driver, cc1 and as; an archive ar; the link ld and the scripts
  // around it; configure a handful (guesses; the real run's stand-in starts the same
  // counts: sed, awk and rm per object, cat, awk and mv to link).
  'kernel-make': {
    processes: 4,
    cpuSeconds: 600,
    memoryMiB: 64,
    compileIoFrac: 0.15,
    linkIoFrac: 0.3,
    dirtyRateMiBps: 16,
    units: 1500,
    directories: 30,
    starts: { configure: 2, compile: 3, archive: 1, link: 3 },
  },
  // Apache 2.2 prefork under open-loop load: 16 workers, 100 requests/s, 10 ms of CPU per
  // request (a small dynamic page) with half of it in system calls (network stack, file
  // reads); 16 MiB and 1 MiB/s of dirtied memory per worker. Guesses; requests arrive as a
  // Poisson process for 60 simulated seconds (docs/cli.md).
  apache: { processes: 16, requestsPerSecond: 100, cpuSeconds: 0.01, memoryMiB: 16, ioFrac: 0.5, dirtyRateMiBps: 1, windowS: 60 },
  // A custom job: independent CPU-bound processes.
  custom: { processes: 1, cpuSeconds: 60, memoryMiB: 64, ioFrac: 0, dirtyRateMiBps: 0 },
} as const;

/**
 * Memory one running process dirties per second (for pre-copy migration): the app's
 * `dirtyRateMiBps` shared among its processes, or the workload's default per process.
 */
export function procDirtyRateMiBps(proc: Proc): number {
  const app = proc.app;
  if (app.state !== 'running' || !proc.alive || !proc.hasWork) return 0;
  if (app.layer.dirtyRateMiBps !== undefined) return app.layer.dirtyRateMiBps / Math.max(1, app.procs.length);
  return WORKLOAD_DEFAULTS[app.layer.workload].dirtyRateMiBps;
}

/** How many processes an app runs at once: its ranks, make's -j, Apache's workers, a custom job's processes. */
export function processCount(layer: SimAppLayer): number {
  const declared = layer.workload === 'kernel-make' ? (layer.jobs ?? layer.processes) : layer.processes;
  return Math.max(1, declared ?? WORKLOAD_DEFAULTS[layer.workload].processes);
}

/** Native CPU-seconds an app needs in all (open-loop apps: the expected window's work). */
export function totalWork(layer: SimAppLayer): number {
  switch (layer.workload) {
    case 'mrbayes':
      return (layer.processes ?? WORKLOAD_DEFAULTS.mrbayes.processes) * (layer.cpuSeconds ?? WORKLOAD_DEFAULTS.mrbayes.cpuSeconds);
    case 'kernel-make':
      return layer.cpuSeconds ?? WORKLOAD_DEFAULTS['kernel-make'].cpuSeconds;
    case 'custom':
      return (layer.processes ?? WORKLOAD_DEFAULTS.custom.processes) * (layer.cpuSeconds ?? WORKLOAD_DEFAULTS.custom.cpuSeconds);
    case 'apache': {
      const d = WORKLOAD_DEFAULTS.apache;
      return (layer.requestsPerSecond ?? d.requestsPerSecond) * (layer.cpuSeconds ?? d.cpuSeconds) * d.windowS;
    }
  }
}

/** Creates the behaviour of an app's workload. */
export function createWorkloadRun(app: AppRt, host: WorkloadHost): WorkloadRun {
  switch (app.layer.workload) {
    case 'mrbayes':
      return new MrBayesRun(app, host);
    case 'kernel-make':
      return new KernelMakeRun(app, host);
    case 'apache':
      return new ApacheRun(app, host);
    case 'custom':
      return new CustomRun(app, host);
  }
}

class MrBayesRun implements WorkloadRun {
  readonly openLoop = false;
  private readonly ranks: number;
  private readonly stepWork: number;
  private readonly memoryMiB: number;
  private step = 0;
  private arrived = 0;

  constructor(
    private readonly app: AppRt,
    private readonly host: WorkloadHost,
  ) {
    const d = WORKLOAD_DEFAULTS.mrbayes;
    this.ranks = processCount(app.layer);
    this.stepWork = (app.layer.cpuSeconds ?? d.cpuSeconds) / d.steps;
    this.memoryMiB = app.layer.memoryMiB ?? d.memoryMiB;
  }

  start(): void {
    for (let r = 0; r < this.ranks; r++) this.host.spawn(this.app, this.stepWork, WORKLOAD_DEFAULTS.mrbayes.ioFrac, this.memoryMiB, r, 1);
  }

  onChunkDone(): void {
    this.arrived++;
    if (this.arrived < this.ranks) return;
    // Every rank reached the barrier: the swap costs a message round over the ranks' network.
    this.arrived = 0;
    const delay = this.host.barrierDelayS(this.app);
    if (delay > 0) this.host.schedule(this.host.now + delay, () => this.nextStep());
    else this.nextStep();
  }

  private nextStep(): void {
    if (this.app.state !== 'running') return;
    this.step++;
    if (this.step >= WORKLOAD_DEFAULTS.mrbayes.steps) {
      this.host.finish(this.app);
      return;
    }
    for (const p of this.app.procs) if (p.alive) this.host.setWork(p, this.stepWork, WORKLOAD_DEFAULTS.mrbayes.ioFrac);
  }

  progress(): number {
    return this.step / WORKLOAD_DEFAULTS.mrbayes.steps;
  }

  snapshot(): unknown {
    return { step: this.step, remaining: this.app.procs.filter((p) => p.alive).map((p) => (p.hasWork ? p.remaining : 0)) };
  }

  restore(state: unknown): void {
    const s = state as { step: number; remaining: number[] };
    this.step = s.step;
    this.arrived = 0;
    for (let r = 0; r < this.ranks; r++) {
      const rem = s.remaining[r] ?? this.stepWork;
      this.host.spawn(this.app, rem, WORKLOAD_DEFAULTS.mrbayes.ioFrac, this.memoryMiB, r);
      // A rank that had finished its step was waiting at the barrier: the host spawns it idle (no work).
      if (rem <= 0) this.arrived++;
    }
  }

  survivesLoss(): boolean {
    // MPI aborts the whole job when one rank dies.
    return false;
  }

  figures(): Record<string, never> {
    return {};
  }
}

interface MakeJob {
  work: number;
  ioFrac: number;
  /** Process starts the job makes (WORKLOAD_DEFAULTS['kernel-make'].starts). */
  starts: number;
  /** Index of the job that waits for this one, or -1. */
  parent: number;
  /** Jobs this one waits for. */
  pending: number;
  label: string;
}

class KernelMakeRun implements WorkloadRun {
  readonly openLoop = false;
  private readonly jobs: MakeJob[] = [];
  private readonly slots: number;
  private readonly memoryMiB: number;
  private ready: number[] = [];
  private running = 0;
  private doneCount = 0;
  private done: Uint8Array;
  private readonly configure: number;
  private readonly units: number[];

  constructor(
    private readonly app: AppRt,
    private readonly host: WorkloadHost,
  ) {
    const d = WORKLOAD_DEFAULTS['kernel-make'];
    const total = app.layer.cpuSeconds ?? d.cpuSeconds;
    this.slots = processCount(app.layer);
    this.memoryMiB = app.layer.memoryMiB ?? d.memoryMiB;
    // The dependency graph of a kernel build, simplified: configure, then every object of
    // each directory, then that directory's archive (built-in.o), then the final link.
    // A real run's stand-in builds fewer objects (objects), in directories of 50 as 1,500 in 30.
    const unitCount = app.layer.objects ?? d.units;
    const directories = app.layer.objects === undefined ? d.directories : Math.max(1, Math.round(unitCount / (d.units / d.directories)));
    const link = this.add(total * 0.03, d.linkIoFrac, d.starts.link, -1, 'link vmlinux');
    const unitWork = (total * 0.94) / unitCount;
    const archiveWork = (total * 0.01) / directories;
    const archives: number[] = [];
    for (let dir = 0; dir < directories; dir++) archives.push(this.add(archiveWork, d.compileIoFrac, d.starts.archive, link, `archive dir ${dir}`));
    // Object sizes vary: compile times drawn uniformly in [0.25, 1.75] of the mean (a guess).
    const units: number[] = [];
    for (let u = 0; u < unitCount; u++)
      units.push(this.add(unitWork * host.rng.uniform(0.25, 1.75), d.compileIoFrac, d.starts.compile, archives[u % directories] as number, `cc ${u}`));
    const configure = this.add(total * 0.02, d.compileIoFrac, d.starts.configure, -1, 'configure');
    this.configure = configure;
    this.units = units;
    this.done = new Uint8Array(this.jobs.length);
  }

  private add(work: number, ioFrac: number, starts: number, parent: number, label: string): number {
    this.jobs.push({ work, ioFrac, starts, parent, pending: 0, label });
    if (parent >= 0) (this.jobs[parent] as MakeJob).pending++;
    return this.jobs.length - 1;
  }

  start(): void {
    this.ready = [this.configure];
    this.dispatch();
  }

  private dispatch(): void {
    while (this.running < this.slots && this.ready.length > 0) {
      const j = this.ready.shift() as number;
      const job = this.jobs[j] as MakeJob;
      this.running++;
      this.host.spawn(this.app, job.work, job.ioFrac, this.memoryMiB, j, job.starts);
    }
  }

  onChunkDone(proc: Proc): void {
    const j = proc.tag;
    this.host.exit(proc);
    this.running--;
    this.complete(j);
    if (this.doneCount === this.jobs.length) {
      this.host.finish(this.app);
      return;
    }
    this.dispatch();
  }

  private complete(j: number): void {
    this.done[j] = 1;
    this.doneCount++;
    if (j === this.configure) {
      this.ready.push(...this.units);
      return;
    }
    const parent = (this.jobs[j] as MakeJob).parent;
    if (parent >= 0) {
      const pj = this.jobs[parent] as MakeJob;
      pj.pending--;
      if (pj.pending === 0) this.ready.push(parent);
    }
  }

  progress(): number {
    return this.doneCount / this.jobs.length;
  }

  snapshot(): unknown {
    return { done: Array.from(this.done) };
  }

  restore(state: unknown): void {
    const s = state as { done: number[] };
    this.done = Uint8Array.from(s.done);
    this.doneCount = s.done.reduce((n, v) => n + v, 0);
    this.running = 0;
    // Pending counts only the prerequisites not built yet, as make finds them on disk.
    for (const job of this.jobs) job.pending = 0;
    this.jobs.forEach((job, j) => {
      if (job.parent >= 0 && this.done[j] === 0) (this.jobs[job.parent] as MakeJob).pending++;
    });
    this.ready =
      this.done[this.configure] === 1
        ? this.jobs.map((_, j) => j).filter((j) => this.done[j] === 0 && (this.jobs[j] as MakeJob).pending === 0)
        : [this.configure];
    if (this.doneCount === this.jobs.length) this.host.finish(this.app);
    else this.dispatch();
  }

  survivesLoss(): boolean {
    // A killed compiler is an error: make stops.
    return false;
  }

  figures(): Record<string, never> {
    return {};
  }
}

class ApacheRun implements WorkloadRun {
  readonly openLoop = true;
  private readonly rps: number;
  private readonly perRequest: number;
  /** Process starts a request makes: none in a prefork Apache; a real run's CGI stand-in sets its own. */
  private readonly startsPerRequest: number;
  private readonly workers: number;
  private readonly memoryMiB: number;
  /** Arrival times of waiting requests, from queueHead on. */
  private queue: number[] = [];
  private queueHead = 0;
  /** Workers with no request, most recently freed last. */
  private idle: Proc[] = [];
  /** Arrival time of the request each worker serves (by worker tag), NaN when idle. */
  private serving: number[] = [];
  private latencies = new Float64Array(1024);
  private completed = 0;
  private windowStart = 0;
  private windowEnd = 0;
  private closed = false;
  /** Latencies so far of requests unfinished when the window closed. */
  private censored: number[] = [];
  private finalFigures: { throughputRps: number; latencyP50Ms?: number; latencyP99Ms?: number } | null = null;

  constructor(
    private readonly app: AppRt,
    private readonly host: WorkloadHost,
  ) {
    const d = WORKLOAD_DEFAULTS.apache;
    this.rps = app.layer.requestsPerSecond ?? d.requestsPerSecond;
    this.perRequest = app.layer.cpuSeconds ?? d.cpuSeconds;
    this.startsPerRequest = app.layer.startsPerRequest ?? 0;
    this.workers = processCount(app.layer);
    this.memoryMiB = app.layer.memoryMiB ?? d.memoryMiB;
  }

  start(): void {
    this.windowStart = this.host.now;
    this.windowEnd = this.host.windowEndS(this.app);
    // Pushed in reverse so that worker 0 is the first to take a request.
    for (let w = this.workers - 1; w >= 0; w--) this.spawnWorker(w);
    this.host.schedule(this.windowEnd, () => this.close());
    this.scheduleArrival();
  }

  private scheduleArrival(): void {
    if (this.rps <= 0) return;
    const t = this.host.now + this.host.rng.exponential(1 / this.rps);
    if (t < this.windowEnd) this.host.schedule(t, this.onArrival);
  }

  /** One bound handler for every arrival: no closure per request on the hot path. */
  private readonly onArrival = (): void => {
    if (this.app.state !== 'running') return;
    this.queue.push(this.host.now);
    this.dispatch();
    this.scheduleArrival();
  };

  private dispatch(): void {
    while (this.queue.length > this.queueHead && this.idle.length > 0) {
      const p = this.idle.pop() as Proc;
      if (!p.alive || p.hasWork) continue;
      this.serving[p.tag] = this.queue[this.queueHead++] as number;
      this.host.setWork(p, this.perRequest, WORKLOAD_DEFAULTS.apache.ioFrac, this.startsPerRequest);
    }
    // Drop served entries now and then, so the queue array does not grow for ever.
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
  }

  private spawnWorker(tag: number): void {
    this.serving[tag] = NaN;
    this.idle.push(this.host.spawn(this.app, 0, WORKLOAD_DEFAULTS.apache.ioFrac, this.memoryMiB, tag));
  }

  onChunkDone(proc: Proc): void {
    const arrival = this.serving[proc.tag] as number;
    this.serving[proc.tag] = NaN;
    if (!this.closed) this.record(this.host.now - arrival + this.host.clientRttS(this.app));
    this.completed++;
    this.idle.push(proc);
    this.dispatch();
  }

  private record(latencyS: number): void {
    if (this.completed >= this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.completed] = latencyS;
  }

  private close(): void {
    if (this.app.state !== 'running') return;
    // Requests still queued or in service when the window closes count with the time they
    // have waited so far: a lower bound, which keeps an overloaded server's p99 honest.
    this.closed = true;
    this.censored = [...this.queue.slice(this.queueHead), ...this.serving.filter((a) => !Number.isNaN(a))].map(
      (a) => this.windowEnd - a + this.host.clientRttS(this.app),
    );
    this.host.finish(this.app);
  }

  progress(): number {
    const span = this.windowEnd - this.windowStart;
    return span > 0 ? Math.min(1, (this.host.now - this.windowStart) / span) : 1;
  }

  snapshot(): unknown {
    return {};
  }

  restore(): void {
    // Apache keeps no state worth saving: fresh workers take over the queue.
    this.idle = [];
    for (let w = this.workers - 1; w >= 0; w--) this.spawnWorker(w);
    this.dispatch();
  }

  survivesLoss(proc: Proc): boolean {
    // The parent process respawns a lost worker; the request it served is retried first.
    const arrival = this.serving[proc.tag] as number;
    if (!Number.isNaN(arrival)) {
      if (this.queueHead > 0) this.queue[--this.queueHead] = arrival;
      else this.queue.unshift(arrival);
    }
    this.idle = this.idle.filter((p) => p !== proc);
    this.spawnWorker(proc.tag);
    this.dispatch();
    return true;
  }

  figures(): { throughputRps: number; latencyP50Ms?: number; latencyP99Ms?: number } {
    // Once the window is closed the figures are final: sort the latencies once.
    if (this.closed && this.finalFigures) return this.finalFigures;
    const end = this.closed ? this.windowEnd : this.host.now;
    const span = end - this.windowStart;
    const done = this.countCompleted();
    const extra = this.closed ? this.censored : [];
    // A typed array sorts numerically without a comparator, tens of times faster.
    const all = new Float64Array(done + extra.length);
    all.set(this.latencies.subarray(0, done));
    all.set(extra, done);
    all.sort();
    const pct = (q: number): number | undefined =>
      all.length > 0 ? (all[Math.min(all.length - 1, Math.ceil(q * all.length) - 1)] as number) * 1000 : undefined;
    const out: { throughputRps: number; latencyP50Ms?: number; latencyP99Ms?: number } = { throughputRps: span > 0 ? this.countCompleted() / span : 0 };
    const p50 = pct(0.5);
    const p99 = pct(0.99);
    if (p50 !== undefined) out.latencyP50Ms = p50;
    if (p99 !== undefined) out.latencyP99Ms = p99;
    if (this.closed) this.finalFigures = out;
    return out;
  }

  private countCompleted(): number {
    return Math.min(this.completed, this.latencies.length);
  }
}

class CustomRun implements WorkloadRun {
  readonly openLoop = false;
  private left = 0;
  private readonly n: number;
  private readonly work: number;

  constructor(
    private readonly app: AppRt,
    private readonly host: WorkloadHost,
  ) {
    const d = WORKLOAD_DEFAULTS.custom;
    this.n = processCount(app.layer);
    this.work = app.layer.cpuSeconds ?? d.cpuSeconds;
  }

  start(): void {
    this.left = this.n;
    for (let i = 0; i < this.n; i++)
      this.host.spawn(this.app, this.work, WORKLOAD_DEFAULTS.custom.ioFrac, this.app.layer.memoryMiB ?? WORKLOAD_DEFAULTS.custom.memoryMiB, i, 1);
  }

  onChunkDone(proc: Proc): void {
    this.host.exit(proc);
    this.left--;
    if (this.left === 0) this.host.finish(this.app);
  }

  progress(): number {
    return this.app.workDone / (this.n * this.work || 1);
  }

  snapshot(): unknown {
    return { remaining: this.app.procs.filter((p) => p.alive).map((p) => p.remaining) };
  }

  restore(state: unknown): void {
    const s = state as { remaining: number[] };
    this.left = s.remaining.length;
    s.remaining.forEach((rem, i) =>
      this.host.spawn(this.app, rem, WORKLOAD_DEFAULTS.custom.ioFrac, this.app.layer.memoryMiB ?? WORKLOAD_DEFAULTS.custom.memoryMiB, i),
    );
    if (this.left === 0) this.host.finish(this.app);
  }

  survivesLoss(): boolean {
    return false;
  }

  figures(): Record<string, never> {
    return {};
  }
}
