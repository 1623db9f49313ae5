/**
 * The stack model: the stack-file format (docs/stack-format.md) as types and schemas, its
 * parser and writer, the resolved layer graph, the rules with their teaching
 * explanations, and the classification of layers and views of apps.
 */
export * from './stackSchema';
export { type Finding, type Severity, type SourcePosition, type StackPositions, positionOf, layerPosition, compareFindings } from './findings';
export { parseStack, type ParsedStack } from './stackParser';
export { stackToYaml, layerToYaml } from './stackYaml';
export { stackJsonSchema } from './jsonSchema';
export { nearestKey } from './knownKeys';
export { checkStack, checkStackText, validateStackText, type StackCheckResult } from './checkStack';
export { FindingSchema, LayerClassSchema, AppViewSchema, StackCheckResultSchema } from './checkResultSchema';
export { ruleCatalogue, ruleInfo, listRules, type RuleId, type RuleInfo } from './ruleCatalogue';
export { classExplanations, classifyLayers, kindClass, appViews, type AppView, type LayerClass } from './classification';
export { supportedTechniques, runsNatively } from './virtualizationRules';
export { describeLayer } from './layerNames';
export {
  resolveStack,
  layerById,
  childrenOf,
  parentsOf,
  firstParentOf,
  nodesUnder,
  machinesOf,
  kernelOf,
  archOf,
  capacityOf,
  visibleCapacityOf,
  ssiOf,
  onIds,
  techniqueOf,
  defaultTechnique,
  type StackGraph,
  type LayerFacts,
  type Capacity,
} from './stackGraph';
