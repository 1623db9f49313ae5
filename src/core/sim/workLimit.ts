/**
 * The bound on one run's work. A run's cost is not its number of processes (the 65,536
 * processes of the scale benchmark take half a second) but what the engine visits: every
 * event, and every process and pool an event re-rates or the SSI balancer scans. A few
 * hundred bytes of YAML can ask for far more (100,000 processes on a 3-node SSI re-rate
 * tens of thousands of processes at each of a million events), so a run stops once it
 * has done `maxWork` of these visits, with a message saying what to reduce. Counting
 * visits rather than seconds keeps the bound the same on every machine.
 */
import { type SimAppLayer } from './simInput';
import { type Topology } from './topology';
import { processCount } from './workloads';

/**
 * About 10 s of one core (40 to 80 ns a visit). The course's heaviest stack does 0.3 M,
 * the event-rate benchmark (16 Apache nodes at 1,000 requests/s for a minute) 35 M,
 * 10,000 processes on a 3-node SSI 68 M.
 */
export const DEFAULT_MAX_WORK = 200_000_000;

/** Raised when a run reaches its work limit; the message says what to reduce. */
export class SimWorkLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimWorkLimitError';
  }
}

/** What the run was doing when it stopped, and which apps make it heavy. */
export function workLimitMessage(apps: readonly SimAppLayer[], topo: Topology, at: { events: number; simTimeS: number; maxWork: number }): string {
  const counted = apps.map((layer) => ({ layer, n: processCount(layer) })).sort((a, b) => b.n - a.n);
  const total = counted.reduce((sum, a) => sum + a.n, 0);
  const heaviest = counted.slice(0, 3).map(({ layer, n }) => `${layer.id}: ${n} on ${describeHost(layer.on, topo)}`);
  const more = counted.length > 3 ? `, and ${counted.length - 3} more apps` : '';
  const when = at.events === 0 ? 'while starting its processes' : `after ${at.events} events (${round(at.simTimeS)} s simulated)`;
  return (
    `the simulation stopped ${when}: it reached the work limit of a run (${at.maxWork.toLocaleString('en')} process updates). ` +
    `The stack has ${total} processes (${heaviest.join('; ')}${more}); reduce processes or duration.`
  );
}

function describeHost(id: string, topo: Topology): string {
  const host = topo.oses.has(id) || topo.ssis.has(id) || topo.containers.has(id) ? topo.hostOf(id) : null;
  return host?.kind === 'ssi' ? `${id}, a ${host.ssi.members.length}-member ${host.ssi.product} SSI` : id;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
