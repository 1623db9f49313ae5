/**
 * The SSI's scheduler: where a new process goes and when a running one moves, as Kerrighed
 * and MOSIX do it: compare what each member would give a process, migrate when the gain is
 * worth it. Under VMs this is the second of two stacked schedulers (the hypervisor shares
 * physical CPUs among vCPUs below it). The seminar asks whether the SSI scheduler should
 * manage VMs; the `balancer` option answers both ways:
 * - `oblivious`: the member's kernel sees its own CPUs (vCPUs under a VM), their nominal
 *   speed and its run queue, as Kerrighed and MOSIX did in 2007, and nothing beneath;
 * - `hypervisor-aware`: it also knows what the hypervisor below actually gives each vCPU
 *   (other VMs on the same node, emulation cost), and places processes by that.
 */
import { predictThreadRate, type LoadView } from './fluidCpu';
import { type SsiMember, type SsiRt } from './simState';

/** Which view the SSI scheduler has. */
export type BalancerPolicy = 'oblivious' | 'hypervisor-aware';

/** The balancing period: MOSIX-style load exchange about once a second (a guess). */
export const BALANCE_INTERVAL_S = 1;

/**
 * A process moves only when its expected rate at the target beats the current one by 25 %:
 * MOSIX-style hysteresis against ping-pong (the figure is a guess).
 */
export const MIGRATION_GAIN = 1.25;

/**
 * A process stays at least this long where it was moved before the balancer moves it again
 * (MOSIX-style residency against ping-pong under bursty load; the figure is a guess).
 */
export const RESIDENCY_S = 10;

function share(threads: number, cpus: number): number {
  return threads > cpus ? cpus / threads : 1;
}

/**
 * Rate a thread would get on a member with `extraThreads` more runnable threads there, as
 * the policy sees it; -1 when the member cannot take work. `view` picks the instant run
 * queue (placing a new process, like a distant fork) or the load average (rebalancing).
 */
export function estimateRate(member: SsiMember, policy: BalancerPolicy, extraThreads: number, view: LoadView = 'now'): number {
  if (!member.alive || member.draining || !member.pool.alive) return -1;
  const pool = member.pool;
  const load = view === 'now' ? pool.threads : pool.loadAvg;
  // Processes still migrating in are frozen, not yet in the run queue, but already decided.
  const extra = extraThreads + pool.arriving;
  if (policy === 'oblivious') return member.nominalSpeed * share(load + extra, pool.cpus);
  return predictThreadRate(pool, extra, view) / pool.cost.cpu;
}

/**
 * The member where `weight` more threads would run fastest; ties go to the member with the
 * shorter run queue, then to the one holding fewer processes (idle ones too: Kerrighed's
 * distant fork spreads a new app's processes), then to the first listed. Null when no
 * member can take work.
 */
export function chooseMember(ssi: SsiRt, policy: BalancerPolicy, weight: number, exclude: SsiMember | null = null): SsiMember | null {
  let best: SsiMember | null = null;
  let bestRate = -1;
  for (const m of ssi.members) {
    if (m === exclude) continue;
    const r = estimateRate(m, policy, weight, 'now');
    if (r < 0) continue;
    const tie = best !== null && Math.abs(r - bestRate) <= 1e-12;
    const fewer =
      best !== null && (m.pool.threads < best.pool.threads || (m.pool.threads === best.pool.threads && m.pool.procs.length < best.pool.procs.length));
    if (best === null || r > bestRate + 1e-12 || (tie && fewer)) {
      best = m;
      bestRate = r;
    }
  }
  return best;
}

/**
 * Where an idle process (an Apache worker waiting for requests) goes: it adds no load yet,
 * so the estimate alone would pile every worker on one member. Like Kerrighed's distant
 * fork, spread the app's processes: fewest of them first, then the best estimate.
 */
export function spreadMember(ssi: SsiRt, policy: BalancerPolicy, countOnMember: (m: SsiMember) => number): SsiMember | null {
  let best: SsiMember | null = null;
  let bestCount = Infinity;
  let bestRate = -1;
  for (const m of ssi.members) {
    const r = estimateRate(m, policy, 1, 'now');
    if (r < 0) continue;
    const c = countOnMember(m);
    if (c < bestCount || (c === bestCount && r > bestRate + 1e-12)) {
      best = m;
      bestCount = c;
      bestRate = r;
    }
  }
  return best;
}
