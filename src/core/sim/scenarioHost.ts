import type { CostFigures } from './simFigures';
import type { RootTimeHeap } from './eventQueue';
import type { AppRt, Proc, Root, SsiMember, SsiRt, VmRt, Pool } from './simState';
import type { SimEventType, SimMigration } from './simResult';
import type { SimAppLayer } from './simInput';
import type { BalancerPolicy } from './ssiBalancer';
import type { Topology } from './topology';

/**
 * What a scenario step (scenarioVerbs.ts) may use of the engine running it, as the
 * workloads have their WorkloadHost: the engine implements it, and the verbs import this
 * instead of the engine, so neither module imports the other.
 */
export interface ScenarioHost {
  readonly now: number;
  /** The cost model's figures this run uses (the literature's, or this host's). */
  readonly figures: CostFigures;
  readonly topo: Topology;
  readonly rootHeap: RootTimeHeap;
  readonly apps: readonly AppRt[];
  readonly appsById: ReadonlyMap<string, AppRt>;
  readonly balancer: BalancerPolicy;
  readonly migrations: SimMigration[];
  /** Live migrations under way, by the roots they leave and reach (they share those links). */
  readonly liveMigrations: Array<{ from: Root | null; to: Root | null }>;
  /** Kerrighed checkpoints of SSI apps, by app id. */
  readonly appCheckpoints: Map<string, { state: unknown; workDone: number }>;
  /** Targets suspended by the scenario. */
  readonly suspended: Set<string>;
  /** Scenario actions started and not yet over (migrations, checkpoints): the run waits for them. */
  inFlight: number;
  /** When set, new SSI processes go to this member (restart with `to`). */
  pinnedMember: SsiMember | null;
  emit(type: SimEventType, target: string | undefined, message: string, extra?: Record<string, string | number | boolean>): void;
  schedule(t: number, action: () => void): void;
  /** Before something in a root changes: accounts its progress up to now and marks it dirty, so its rates are recomputed before time moves on. */
  markDirty(root: Root | null): void;
  /** Recomputes a dirty root's demand and rates now instead of at the next flush. */
  recomputeNow(root: Root | null): void;
  /** Recomputes every dirty member's demand now, before the balancer reads it. */
  recomputeMembers(ssi: SsiRt): void;
  bandwidthMiBps(a: Root | null, b: Root | null): number;
  factorFor(proc: Proc, pool: Pool, member: SsiMember | null): number;
  startApp(layer: SimAppLayer): AppRt;
  killApp(app: AppRt, reason: string): void;
  revive(app: AppRt): void;
  exit(proc: Proc): void;
  loseProc(proc: Proc, why: string): void;
  moveProc(proc: Proc, to: SsiMember, scheduler: string, why: string): number;
  moveVm(vm: VmRt, to: SsiMember, scheduler: string, why: string): number;
  placeSsiVms(ssi: SsiRt): void;
  ensureBalancing(ssi: SsiRt): void;
  rebalance(ssi: SsiRt, scheduler: string): void;
}
