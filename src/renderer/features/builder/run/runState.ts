/**
 * What `strata simulate --json --series` prints (CONTRACTS.md), as the builder reads it.
 * The simulator worker answers in this shape; the builder depends on the contract, not on
 * the simulator's internals.
 */
export interface SimulationResult {
  apps: Record<string, { makespanS?: number; throughputRps?: number; latencyP50Ms?: number; latencyP99Ms?: number; killedAtS?: number }>;
  nodes: Record<string, { cpuUtil: number }>;
  migrations: Array<{ target: string; from: string; to: string; startS: number; totalS: number; downtimeMs: number; ramMiB: number; rounds: number }>;
  events: Array<{ t: number; type: string; target?: string; message: string }>;
  series?: {
    t: number[];
    nodes: Record<string, { cpuUtil: number[] }>;
    apps: Record<string, { progress: number[] }>;
  };
}

/** Where a run is. */
export type RunState =
  | { status: 'idle' }
  | { status: 'running'; progress: number }
  | { status: 'done'; result: SimulationResult; durationS: number }
  | { status: 'failed'; error: string };
