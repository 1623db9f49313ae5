/**
 * The fluid (rate-based) CPU model. Instead of one simulated actor per process, each CPU
 * root holds rates that stay constant between events: a pool of k CPUs with T runnable
 * threads gives each min(1, k/T) of a CPU (the OS's and the hypervisor's fair share), and
 * a guest's pool passes its busy vCPUs down as threads of its host's pool. An event in one
 * node re-rates only that node, which is why this needs far fewer events than SimGrid's
 * actors (docs/simulator.md, "CPU sharing: a fluid model").
 */
import { type Pool, type Proc, type Root } from './simState';

/** A process is runnable when alive, with work, and not frozen. */
export function isRunnable(p: Proc): boolean {
  return p.alive && p.hasWork && p.holds === 0;
}

/** Rebuilds a root's pre-order list of pools (after a VM moved or a pool was added). */
export function rebuildOrder(root: Root): void {
  const order: Pool[] = [];
  const stack: Pool[] = [root.pool];
  while (stack.length > 0) {
    const p = stack.pop() as Pool;
    if (!p.alive) continue;
    order.push(p);
    p.root = root;
    for (let i = p.children.length - 1; i >= 0; i--) stack.push(p.children[i] as Pool);
  }
  root.order = order;
  root.orderStale = false;
}

/**
 * Accounts the progress of every running process of `root` up to time `t`, and the busy
 * core-seconds of its CPUs. Rates are constant since `root.last`, so this is exact.
 */
export function settle(root: Root, t: number): void {
  const dt = t - root.last;
  if (dt <= 0) return;
  const order = root.order;
  for (let i = 0; i < order.length; i++) (order[i] as Pool).threadIntegral += (order[i] as Pool).threads * dt;
  const active = root.active;
  const n = root.activeCount;
  for (let j = 0; j < n; j++) {
    const p = active[j] as Proc;
    const d = p.rate * dt;
    p.remaining -= d;
    p.app.workDone += d;
  }
  root.busyIntegral += root.busyCores * dt;
  root.last = t;
}

/** Counts the simulator's work: processes and pools visited (see WorkLimit in workLimit.ts). */
export interface WorkMeter {
  work: number;
}

/**
 * Recomputes demand bottom-up and rates top-down; returns the time from `root.last` until
 * its next process finishes its chunk (Infinity when none runs). Adds what it visits to `meter`.
 */
export function recompute(root: Root, meter: WorkMeter): number {
  if (root.orderStale) rebuildOrder(root);
  const order = root.order;
  if (!root.alive) {
    root.busyCores = 0;
    root.activeCount = 0;
    return Infinity;
  }
  let visited = order.length;
  for (let i = order.length - 1; i >= 0; i--) {
    const pool = order[i] as Pool;
    let threads = 0;
    const procs = pool.procs;
    visited += procs.length;
    for (let j = 0; j < procs.length; j++) {
      const p = procs[j] as Proc;
      if (isRunnable(p)) threads++;
    }
    const children = pool.children;
    for (let j = 0; j < children.length; j++) threads += (children[j] as Pool).busy;
    pool.threads = threads;
    pool.busy = pool.holds > 0 || !pool.alive ? 0 : Math.min(threads, pool.cpus);
  }
  let next = Infinity;
  const active = root.active;
  let count = 0;
  for (let i = 0; i < order.length; i++) {
    const pool = order[i] as Pool;
    const share = pool.threads > pool.cpus ? pool.cpus / pool.threads : 1;
    if (pool.holds > 0 || !pool.alive) pool.threadRate = 0;
    else if (pool.parent === null) pool.threadRate = pool.speed * share;
    else pool.threadRate = pool.parent.threadRate * share * pool.throttle;
    const rate = pool.threadRate;
    const procs = pool.procs;
    for (let j = 0; j < procs.length; j++) {
      const p = procs[j] as Proc;
      if (rate > 0 && isRunnable(p)) {
        p.rate = rate / p.factor;
        active[count++] = p;
        const dt = p.remaining / p.rate;
        if (dt < next) next = dt;
      } else p.rate = 0;
    }
  }
  root.busyCores = root.pool.busy;
  root.activeCount = count;
  meter.work += visited;
  return next;
}

/** Which demand a prediction reads: the instant one, or the load average. */
export type LoadView = 'now' | 'average';

/**
 * The CPU rate (reference-core seconds per second) a thread would get in `pool` with
 * `extraThreads` more runnable threads there, given the demand everywhere: what a
 * hypervisor-aware SSI balancer asks before placing a process. Walks up to the hardware
 * and back down the same chain.
 */
export function predictThreadRate(pool: Pool, extraThreads: number, view: LoadView = 'now'): number {
  const chain: Pool[] = [];
  for (let p: Pool | null = pool; p !== null; p = p.parent) chain.push(p);
  const threadsAfter: number[] = new Array<number>(chain.length);
  let delta = extraThreads;
  for (let i = 0; i < chain.length; i++) {
    const p = chain[i] as Pool;
    if (p.holds > 0 || !p.alive) return 0;
    const load = view === 'now' ? p.threads : p.loadAvg;
    const t = load + delta;
    threadsAfter[i] = t;
    delta = Math.min(t, p.cpus) - Math.min(load, p.cpus);
  }
  let rate = 0;
  for (let i = chain.length - 1; i >= 0; i--) {
    const p = chain[i] as Pool;
    const t = threadsAfter[i] as number;
    const share = t > p.cpus ? p.cpus / t : 1;
    rate = i === chain.length - 1 ? p.speed * share : rate * share * p.throttle;
  }
  return rate;
}

/**
 * Takes the load average of every pool of a root over the time since the last call: the
 * smoothed run-queue length balancers use, so that bursts (an Apache worker busy for
 * 10 ms) do not trigger migrations.
 */
export function markLoadAverages(root: Root, now: number): void {
  settle(root, now);
  if (root.orderStale) rebuildOrder(root);
  for (const p of root.order) {
    const span = now - p.loadMarkS;
    p.loadAvg = span > 0 ? (p.threadIntegral - p.loadMark) / span : p.threads;
    p.loadMark = p.threadIntegral;
    p.loadMarkS = now;
  }
}

/** Shifts a pool's load average by `delta` threads and passes the change down to the hardware. */
export function adjustLoadAverage(pool: Pool, delta: number): void {
  for (let p: Pool | null = pool; p !== null && delta !== 0; p = p.parent) {
    const before = Math.min(p.loadAvg, p.cpus);
    p.loadAvg = Math.max(0, p.loadAvg + delta);
    delta = Math.min(p.loadAvg, p.cpus) - before;
  }
}
