/**
 * Real runs (docs/real-runs.md): what of a stack runs on QEMU guests on this host, and
 * the plan of such a run with the simulation it is compared with.
 */
export {
  realize,
  sliceHost,
  GUEST_MEMORY_MIB,
  GUEST_MAX_VCPUS,
  type HostFacts,
  type LayerRealization,
  type NodeSlice,
  type GuestPlan,
  type ContainerPlan,
  type AppPlan,
  type Realization,
} from './realization';
export {
  planRealRun,
  simulateAsRun,
  DEFAULT_BUDGET_S,
  MAX_PROCESSES,
  MIN_CPU_SECONDS,
  MAX_REQUESTS_PER_SECOND,
  MAX_REQUESTS_PER_SECOND_TCG,
  STARTS_PER_REQUEST,
  BUILD_OBJECTS,
  type AppWork,
  type RealStep,
  type RunPlan,
  type PlanOptions,
} from './runPlan';
