/**
 * The embedded simulator: a deterministic discrete-event run of a stack, with a fluid CPU
 * model, per-layer cost models, stacked schedulers, workloads and scenario verbs.
 * Lessons, exercises and the builder call `simulate` or `createSimulation` (in a Web Worker
 * through src/renderer/features/sim/simClient.ts); the CLI prints the result as JSON.
 */
export { createSimulation, simulate, MAX_DURATION_S, type Simulation, type SimOptions, type SimProgress } from './simulation';
export { toSimStack, toSimLayer } from './stackAdapter';
export { SimStackError } from './topology';
export { type BalancerPolicy } from './ssiBalancer';
export { type SimStack, type SimLayer, type SimStep, type SimNetwork, DEFAULT_NETWORK } from './simInput';
export { SimResultSchema, SIM_EVENT_TYPES, type SimResult, type SimEvent, type SimEventType, type SimMigration, type SimSeries, type SimAppResult } from './simResult';
export { closedFormPreCopy, planPreCopy, preCopyPolicyFor, QEMU_POLICY, XEN_POLICY, DEFAULT_POLICY, type PreCopyPlan, type PreCopyPolicy } from './preCopy';
export { TECHNIQUE_COST, CONTAINER_COST, type LayerCost, type Technique } from './costModel';
export { WORKLOAD_DEFAULTS } from './workloads';
export { runExperiment, experimentCsv, experimentStack, EXPERIMENT_CSV_HEADER, type ExperimentRow } from './experimentMatrix';
export { SimWorkerRuntime, SimRequestSchema, SimReplySchema, SimOptionsSchema, SLICE_EVENTS, type SimRequest, type SimReply, type SimWorkerHost } from './simProtocol';
