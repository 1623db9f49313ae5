/**
 * The embedded simulator: a deterministic discrete-event run of a stack.
 *
 * - CPU: a fluid model (fluidCpu.ts). Each node's cores are a pool shared fairly among
 *   runnable threads; a VM's vCPUs are a pool whose busy vCPUs are threads of its host's
 *   pool (the hypervisor's scheduler), so overcommit slows every guest; a container cap is
 *   a pool too. Rates change only at events, and an event re-rates one node.
 * - Costs (costModel.ts): per technique (hw, pv, bt, emulation), host OS, vSMP and SSI
 *   remote I/O, each with its source or marked as a guess.
 * - The SSI scheduler (ssiBalancer.ts): places and migrates processes (and VMs standing on
 *   the SSI) by load averages, `oblivious` or `hypervisor-aware` (SimOptions.balancer).
 * - Workloads (workloads.ts): mrbayes, kernel-make, apache, custom, with documented defaults.
 * - Scenario verbs (scenarioVerbs.ts), pre-copy migration (preCopy.ts).
 *
 * Lessons, exercises and the builder call `simulate(toSimStack(stack), options)`, or
 * `createSimulation` and `advance` to step with progress; in the app a run goes through
 * src/renderer/features/sim/simClient.ts to a Web Worker. The CLI prints the result as JSON.
 */
export { createSimulation, simulate, type Simulation, type SimOptions, type SimProgress } from './simulation';
export { toSimStack, toSimLayer } from './stackAdapter';
export { SimStackError } from './topology';
export { SimWorkLimitError, DEFAULT_MAX_WORK } from './workLimit';
export { type BalancerPolicy } from './ssiBalancer';
export { type SimStack, type SimLayer, type SimStep, type SimNetwork, DEFAULT_NETWORK, MAX_DURATION_S } from './simInput';
export {
  SimResultSchema,
  SimEventSchema,
  SimMigrationSchema,
  SIM_EVENT_TYPES,
  type SimResult,
  type SimEvent,
  type SimEventType,
  type SimMigration,
  type SimSeries,
  type SimAppResult,
} from './simResult';
export { closedFormPreCopy, planPreCopy, preCopyPolicyFor, QEMU_POLICY, XEN_POLICY, DEFAULT_POLICY, type PreCopyPlan, type PreCopyPolicy } from './preCopy';
export { TECHNIQUE_COST, CONTAINER_COST, type LayerCost, type Technique } from './costModel';
export { WORKLOAD_DEFAULTS } from './workloads';
export {
  ACCELERATORS,
  FIGURE_SETS,
  HostFiguresSchema,
  LITERATURE_FIGURES,
  costFigures,
  type Accelerator,
  type CostFigures,
  type FigureSet,
  type HostFigures,
} from './simFigures';
export { runExperiment, experimentCsv, experimentStack, EXPERIMENT_CSV_HEADER, type ExperimentRow } from './experimentMatrix';
export { SimRequestSchema, SimReplySchema, SimOptionsSchema, type SimRequest, type SimReply } from './simProtocol';
export { SimWorkerRuntime, SLICE_EVENTS, type SimWorkerHost } from './simWorkerRuntime';
