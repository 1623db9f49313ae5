/** How serious a finding is: an error makes a stack invalid; warnings and notes teach. */
export type Severity = 'error' | 'warning' | 'note';

/** A 1-based line and column in the stack file. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * One result of checking a stack, in the shape `strata check --json` prints
 * (docs/cli.md). `rule` names an entry of the rule catalogue, which holds the
 * teaching explanation.
 */
export interface Finding {
  severity: Severity;
  rule: string;
  /** The layer the finding is about; absent for file-level findings. */
  layer?: string;
  line?: number;
  column?: number;
  message: string;
}

/**
 * Where each part of a parsed stack file came from, keyed by its path joined with dots:
 * `layers.2` (the layer's mapping), `layers.2.on`, `layers.2.on.1`, `network.lanMbps`,
 * `scenario.0.target`. Keys are positions of values; `#key` suffixed paths
 * (`layers.2.cpu#key`) are positions of mapping keys.
 */
export type StackPositions = ReadonlyMap<string, SourcePosition>;

/** The position of `path`, or of its nearest enclosing part that has one. */
export function positionOf(positions: StackPositions | undefined, path: ReadonlyArray<string | number>): SourcePosition | undefined {
  if (!positions) return undefined;
  for (let n = path.length; n >= 0; n--) {
    const found = positions.get(path.slice(0, n).join('.'));
    if (found) return found;
  }
  return undefined;
}

/**
 * Where layer `id` (or its `field`) is written, for an editor jumping from the canvas to
 * the text. Looks the id up in `layers` as written, so it works on a stack under edit.
 */
export function layerPosition(
  positions: StackPositions | undefined,
  layers: ReadonlyArray<{ id: string }>,
  id: string,
  field?: string,
): SourcePosition | undefined {
  const index = layers.findIndex((l) => l.id === id);
  if (index < 0) return undefined;
  return positionOf(positions, field === undefined ? ['layers', index] : ['layers', index, field]);
}

/** Orders findings by position, then rule and layer, so output is stable whatever the input order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || cmp(a.rule, b.rule) || cmp(a.layer ?? '', b.layer ?? '') || cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
