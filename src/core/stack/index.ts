/**
 * The stack model: the stack-file contract (CONTRACTS.md) as types and schemas, its
 * parser and writer, the resolved layer graph, the rules with their teaching
 * explanations, and the classification of layers and views of apps.
 */
export * from './stackSchema';
export { type Finding, type Severity, type SourcePosition, type StackPositions, positionOf, compareFindings } from './findings';
export { parseStack, type ParsedStack } from './stackParser';
export { stackToYaml } from './stackYaml';
export { stackJsonSchema } from './jsonSchema';
export { nearestKey } from './knownKeys';
