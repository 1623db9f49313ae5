/**
 * The simulator's input: a stack with every default of docs/stack-format.md resolved. The stack
 * model (src/core/stack) parses and checks files; stackAdapter.ts turns its result into
 * this shape, so the simulator depends on the contract rather than on the parser.
 */

/** 24 simulated hours is the cap of a run (docs/cli.md, `strata simulate`). */
export const MAX_DURATION_S = 24 * 3600;

/** Top-level `network` of a stack file, with defaults applied. */
export interface SimNetwork {
  lanMbps: number;
  lanLatencyMs: number;
  wanMbps: number;
  wanLatencyMs: number;
}

/** The defaults of `network` (docs/stack-format.md). */
export const DEFAULT_NETWORK: SimNetwork = { lanMbps: 1000, lanLatencyMs: 0.1, wanMbps: 100, wanLatencyMs: 20 };

export interface SimNodeLayer {
  id: string;
  kind: 'node';
  cpus: number;
  memoryMiB: number;
  speed: number;
  site: string;
}

export interface SimHypervisorLayer {
  id: string;
  kind: 'hypervisor';
  product: string;
  technique: 'hw' | 'bt' | 'pv' | 'emulation' | null;
  on: string[];
}

export interface SimVmLayer {
  id: string;
  kind: 'vm';
  vcpus: number;
  memoryMiB: number;
  /** Explicit dirty rate; undefined means "derived from the workloads inside". */
  dirtyRateMiBps?: number;
  on: string;
}

export interface SimOsLayer {
  id: string;
  kind: 'os';
  product: string;
  role?: string;
  on: string;
}

export interface SimSsiLayer {
  id: string;
  kind: 'ssi';
  product: string;
  on: string[];
}

export interface SimContainerLayer {
  id: string;
  kind: 'container';
  product: string;
  cpus?: number;
  memoryMiB?: number;
  on: string;
}

/** The workloads (docs/stack-format.md, docs/simulator.md "Workloads"). */
export type WorkloadName = 'mrbayes' | 'kernel-make' | 'apache' | 'custom';

export interface SimAppLayer {
  id: string;
  kind: 'app';
  workload: WorkloadName;
  processes?: number;
  cpuSeconds?: number;
  memoryMiB?: number;
  jobs?: number;
  requestsPerSecond?: number;
  dirtyRateMiBps?: number;
  /**
   * Not in the stack format: set by a real run's plan (core/real/runPlan.ts) so the model
   * builds and serves as the guest's stand-in does. kernel-make's objects (1,500 unset);
   * apache's process starts per request (none unset, as prefork).
   */
  objects?: number;
  startsPerRequest?: number;
  on: string;
}

/** One layer of a resolved stack. */
export type SimLayer = SimNodeLayer | SimHypervisorLayer | SimVmLayer | SimOsLayer | SimSsiLayer | SimContainerLayer | SimAppLayer;

/** The scenario verbs (docs/stack-format.md, "Scenario steps"). */
export type SimVerb = 'migrate' | 'suspend' | 'resume' | 'checkpoint' | 'restart' | 'add-node' | 'remove-node' | 'fail';

/** One scenario step. */
export interface SimStep {
  at: number;
  do: SimVerb;
  target?: string;
  to?: string;
  processes?: number;
  layers?: SimLayer[];
  join?: string;
}

/** A stack ready to simulate. */
export interface SimStack {
  name: string;
  network: SimNetwork;
  layers: SimLayer[];
  scenario: SimStep[];
}
