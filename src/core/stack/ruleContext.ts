import { positionOf, type Finding, type Severity, type StackPositions } from './findings';
import { ruleCatalogue, type RuleId } from './ruleCatalogue';
import type { StackGraph } from './stackGraph';

/** What every rule module receives: the resolved stack and a way to report. */
export interface RuleContext {
  readonly graph: StackGraph;
  /**
   * Reports a finding about layer `layer` (its first occurrence), positioned at `field`
   * of that layer, or at `path` when given (a path into the file, for duplicates and
   * scenario steps).
   */
  report(rule: RuleId, layer: string | undefined, message: string, where?: { field?: string | number; path?: ReadonlyArray<string | number> }): void;
}

/**
 * A rule context that collects findings into `findings`, taking severities from the
 * catalogue; with `only`, the findings of that severity alone (the others are not positioned).
 */
export function createRuleContext(graph: StackGraph, positions: StackPositions | undefined, findings: Finding[], only?: Severity): RuleContext {
  return {
    graph,
    report(rule, layer, message, where) {
      const severity = ruleCatalogue[rule].severity;
      if (only !== undefined && severity !== only) return;
      const index = layer !== undefined ? graph.facts.get(layer)?.index : undefined;
      const path = where?.path ?? (index !== undefined ? ['layers', index, ...(where?.field !== undefined ? [where.field] : [])] : []);
      findings.push({
        severity,
        rule,
        ...(layer !== undefined ? { layer } : {}),
        ...positionOf(positions, path),
        message,
      });
    },
  };
}

/** `a`, `a and b`, `a, b and c`: ids in messages, sorted so messages do not depend on file order. */
export function listIds(ids: Iterable<string>): string {
  const sorted = [...ids].sort();
  if (sorted.length <= 1) return sorted.join('');
  return `${sorted.slice(0, -1).join(', ')} and ${sorted[sorted.length - 1]}`;
}
