import { checkCapacity } from './capacityRules';
import { appViews, classifyLayers, type AppView, type LayerClass } from './classification';
import { compareFindings, type Finding, type Severity, type StackPositions } from './findings';
import { checkGraph } from './graphChecks';
import { checkPlacement } from './placementRules';
import { createRuleContext } from './ruleContext';
import { checkScenario } from './scenarioChecks';
import { checkSsis } from './ssiRules';
import { resolveStack, type StackGraph } from './stackGraph';
import { parseStack } from './stackParser';
import type { Stack } from './stackSchema';
import { checkVirtualization } from './virtualizationRules';

/** The result of checking a stack, in the shape `strata check --json` prints (docs/cli.md). */
export interface StackCheckResult {
  /** False when any finding is an error. */
  valid: boolean;
  /** Sorted by position, then rule and layer. */
  findings: Finding[];
  classes: Record<string, LayerClass>;
  views: Record<string, AppView>;
}

/**
 * Checks a parsed stack: graph, placement, SSI, virtualization, capacity and scenario
 * rules, then classifies every layer and gives each app its view. Never throws.
 * `positions` (from `parseStack`) puts line and column on findings.
 */
export function checkStack(stack: Stack, positions?: StackPositions): StackCheckResult {
  const graph = resolveStack(stack);
  const findings = ruleFindings(graph, positions);
  return { valid: !findings.some((f) => f.severity === 'error'), findings, classes: classifyLayers(graph), views: appViews(graph) };
}

/** Every rule's findings on a resolved stack (only its errors with `only`), in file order. */
function ruleFindings(graph: StackGraph, positions: StackPositions | undefined, only?: Severity): Finding[] {
  const findings: Finding[] = [];
  const ctx = createRuleContext(graph, positions, findings, only);
  checkGraph(ctx);
  checkPlacement(ctx);
  checkSsis(ctx);
  checkVirtualization(ctx);
  checkCapacity(ctx);
  checkScenario(ctx);
  return findings.sort(compareFindings);
}

/**
 * Parses and checks a stack file's text. A file that does not parse gives its parse
 * findings, no classes and no views. `stack` is the parsed model (null when unparsable).
 */
export function checkStackText(text: string): StackCheckResult & { stack: Stack | null } {
  const parsed = parseStack(text);
  if (!parsed.stack) return { valid: false, findings: parsed.findings, classes: {}, views: {}, stack: null };
  const result = checkStack(parsed.stack, parsed.positions);
  const findings = [...parsed.findings, ...result.findings].sort(compareFindings);
  return { ...result, valid: result.valid && !parsed.findings.some((f) => f.severity === 'error'), findings, stack: parsed.stack };
}

/**
 * What a run needs of a stack file: whether it is valid, its errors and its model. No
 * classes, views, warnings or notes (`strata simulate` prints none of them), so a large
 * stack's thousands of notes are neither worded nor positioned.
 */
export function validateStackText(text: string): { valid: boolean; errors: Finding[]; stack: Stack | null } {
  const parsed = parseStack(text);
  const parseErrors = parsed.findings.filter((f) => f.severity === 'error');
  if (!parsed.stack) return { valid: false, errors: parseErrors, stack: null };
  const errors = parseErrors.concat(ruleFindings(resolveStack(parsed.stack), parsed.positions, 'error')).sort(compareFindings);
  return { valid: errors.length === 0, errors, stack: parsed.stack };
}
