/**
 * The live state of a run: CPU pools, processes, apps, VMs, SSIs. Built from a SimStack by
 * topology.ts and driven by simulation.ts; kept as plain mutable records because a large
 * stack holds tens of thousands of them and they change at every event.
 */
import { type LayerCost } from './costModel';
import { type SimAppLayer } from './simInput';

/**
 * The first value of a number field that soon holds fractions (work left and done,
 * integrals, rates). V8 lays a field out for the first value stored in it: after a 0 (a
 * small integer) the first fraction moves every record made so far to a new layout, one by
 * one, which was over half of a 65,536-process run's events. After -0 the field is a
 * double from the start. -0 + x is x, and roundTo turns a -0 left alone into 0, so no
 * figure or message changes.
 */
export const FRACTIONAL_ZERO = -0;

/** A physical node. */
export interface NodeRt {
  id: string;
  cpus: number;
  speed: number;
  memoryMiB: number;
  site: string;
  /** The CPU root it belongs to (its own, or a vSMP machine's). */
  root: Root;
  alive: boolean;
  addedAtS: number;
  /** When it stopped (failed or removed); Infinity while up. Its cpuUtil covers the time it was up. */
  endedAtS: number;
}

/**
 * A set of CPUs shared fluidly among runnable threads: a node's cores (or a vSMP machine's),
 * a VM's vCPUs, a dom0, or a container's CPU cap. Every pool but a root is itself seen as
 * `busy` threads by its parent pool: that is how a guest's demand reaches the hardware.
 */
export interface Pool {
  idx: number;
  /** The layer giving these CPUs (node, vm, vsmp hypervisor, container, xen for dom0). */
  layerId: string;
  kind: 'node' | 'vsmp' | 'vm' | 'dom0' | 'cap';
  cpus: number;
  /** Core speed of a root pool (relative to the reference core). */
  speed: number;
  parent: Pool | null;
  root: Root | null;
  /** Cost of running here relative to native, all layers down to the hardware. */
  cost: LayerCost;
  procs: Proc[];
  children: Pool[];
  /** Freezes in force (suspend, migration downtime, snapshot). */
  holds: number;
  /** Rate multiplier below 1 while a live migration or auto-converge slows the guest. */
  throttle: number;
  alive: boolean;
  /** Runnable threads here: own processes plus busy threads of child pools. */
  threads: number;
  /** What the parent sees: min(threads, cpus), 0 while frozen. */
  busy: number;
  /** Reference-core seconds per second given to each thread here. */
  threadRate: number;
  /** ∫ threads dt: the SSI balancer reads load averages from it, as MOSIX and Kerrighed do. */
  threadIntegral: number;
  /** Mean runnable threads over the last balancing period. */
  loadAvg: number;
  loadMark: number;
  loadMarkS: number;
  /** Threads migrating in (frozen until they arrive): the balancer counts them as load already. */
  arriving: number;
  vm: VmRt | null;
}

/** A CPU root: one physical node, or the nodes a vSMP hypervisor aggregates. */
export interface Root {
  idx: number;
  pool: Pool;
  nodes: NodeRt[];
  /** Time up to which its processes' progress is accounted. */
  last: number;
  /** Busy core-seconds so far (for cpuUtil). */
  busyIntegral: number;
  busyCores: number;
  /**
   * Processes with a rate above 0 since the last recompute, in active[0..activeCount): all
   * that settle and completion scans visit. The array is never shrunk (setting an array's
   * length is slow in V8); entries past activeCount are stale.
   */
  active: Proc[];
  activeCount: number;
  /** Pools in pre-order (parents first); rebuilt when orderStale. */
  order: Pool[];
  orderStale: boolean;
  dirty: boolean;
  alive: boolean;
}

/** A process (an MPI rank, a compile job, an Apache worker, a custom process). */
export interface Proc {
  id: number;
  app: AppRt;
  pool: Pool | null;
  /** The SSI member it runs on, for apps on an SSI. */
  member: SsiMember | null;
  /** Native work left in the current chunk. */
  remaining: number;
  ioFrac: number;
  /** Time factor where it runs (cost model); progress rate = threadRate / factor. */
  factor: number;
  rate: number;
  hasWork: boolean;
  holds: number;
  alive: boolean;
  memoryMiB: number;
  /** Workload-specific index (rank, worker, job). */
  tag: number;
  /** When the SSI last migrated it (-Infinity: never). */
  movedAtS: number;
}

/** A guest: its vCPUs form a pool that runs as threads of its host's pool. */
export interface VmRt {
  id: string;
  vcpus: number;
  memoryMiB: number;
  dirtyRateMiBps: number | undefined;
  pool: Pool;
  hypervisor: HypervisorRt;
  alive: boolean;
  migrating: boolean;
  /** The SSI member whose kernel runs this VM's emulator process, for hypervisors on an SSI. */
  member: SsiMember | null;
  snapshot: AppSnapshot[] | null;
  /** When the SSI last moved it (-Infinity: never). */
  movedAtS: number;
}

/** A hypervisor layer. */
export interface HypervisorRt {
  id: string;
  product: string;
  technique: 'hw' | 'bt' | 'pv' | 'emulation';
  /** Where its VMs' vCPU threads run; null when it stands on an SSI (the SSI places them). */
  basePool: Pool | null;
  ssi: SsiRt | null;
  /** Extra cost of the host OS for hosted hypervisors. */
  hostCost: LayerCost;
  /** For SSI-hosted hypervisors standing on a container with a CPU cap. */
  container: ContainerRt | null;
  vms: VmRt[];
  alive: boolean;
}

/** A member kernel of an SSI. */
export interface SsiMember {
  layerId: string;
  pool: Pool;
  /** Core speed the member's kernel sees in /proc/cpuinfo (the hardware's). */
  nominalSpeed: number;
  alive: boolean;
  /** Set while remove-node drains it. */
  draining: boolean;
}

/** A single-system-image cluster. */
export interface SsiRt {
  id: string;
  product: string;
  members: SsiMember[];
  apps: AppRt[];
  hypervisors: HypervisorRt[];
  alive: boolean;
  balancing: boolean;
}

/** Where an app's or a container's processes run. */
export type Host = { kind: 'pool'; pool: Pool; osId: string } | { kind: 'ssi'; ssi: SsiRt };

/** A container layer. */
export interface ContainerRt {
  id: string;
  host: Host;
  cap: number | undefined;
  /** One cap pool per kernel pool it has processes in (one per member on an SSI). */
  capPools: Map<number, Pool>;
  suspended: boolean;
  /** The container this one stands in, if any. */
  outer: ContainerRt | null;
}

/** What a checkpoint keeps of an app: its workload's state and the work it had done. */
export interface AppSnapshot {
  app: AppRt;
  state: unknown;
  workDone: number;
}

/** What a workload does with its processes. */
export interface WorkloadRun {
  /** Creates the first processes. */
  start(): void;
  /** A process finished its current chunk of work. */
  onChunkDone(proc: Proc): void;
  /** 0..1 */
  progress(): number;
  /** True for open-loop workloads (apache): they run for a window, not to completion. */
  readonly openLoop: boolean;
  /** Workload state for checkpoint/restart. */
  snapshot(): unknown;
  /** Rebuilds processes from a snapshot (after its old processes were removed). */
  restore(state: unknown): void;
  /** Called when one of its processes dies; returns true when the app survives it. */
  survivesLoss(proc: Proc): boolean;
  /** Figures for the result. */
  figures(): { throughputRps?: number; latencyP50Ms?: number; latencyP99Ms?: number };
}

/** An app layer at run time. */
export interface AppRt {
  idx: number;
  id: string;
  layer: SimAppLayer;
  host: Host;
  container: ContainerRt | null;
  /** Member the app was started from (its home, for MOSIX deputies and failures). */
  home: SsiMember | null;
  procs: Proc[];
  state: 'running' | 'finished' | 'killed';
  startS: number;
  finishS: number | undefined;
  killedS: number | undefined;
  suspended: boolean;
  run: WorkloadRun;
  /** Native work done so far (for the work-conservation check). */
  workDone: number;
}
