import { realize, type LayerRealization } from '../../../../core/real';
import { checkStack, compareFindings, parseStack, positionOf, type Stack, type StackCheckResult } from '../../../../core/stack';

/** Everything the builder shows about a stack's correctness: core's check result without `valid`. */
export type StackCheck = Omit<StackCheckResult, 'valid'>;

/** Where a stack's layers are written in its text. */
export interface LayerLines {
  /** The 1-based line each layer (in file order) starts on. */
  starts: number[];
  /**
   * Whether every layer is one flow mapping alone on its own line (`  - { id: … }`), the
   * lines consecutive: the form the builder writes, in which an edit can rewrite just
   * the lines of the layers it changed.
   */
  ownLines: boolean;
}

/** What the check worker says of a stack file's text: everything the builder shows about it. */
export interface StackAnalysis {
  /** The stack the text gives; null when it does not parse. */
  stack: Stack | null;
  /** The parser's findings and, when the text parses, every rule's; classes and views only then. */
  check: StackCheck;
  /** Null when the text does not parse. */
  lines: LayerLines | null;
  /** What a real run would make of each layer, by id (the canvas's real/sim marks); empty when the text does not parse. */
  real: Record<string, LayerRealization>;
}

/**
 * Parses and checks a stack file's text, and decides what a real run would make of each
 * layer, for the builder. Runs in the check worker, so a large stack never blocks typing
 * or the canvas (with `parseStack` the whole file is parsed again at every change, which
 * takes a fifth of a second at 1,000 layers).
 */
export function analyseStackText(text: string): StackAnalysis {
  const parsed = parseStack(text);
  if (!parsed.stack) return { stack: null, check: { findings: parsed.findings, classes: {}, views: {} }, lines: null, real: {} };
  const rules = checkStack(parsed.stack, parsed.positions);
  const findings = [...parsed.findings, ...rules.findings].sort(compareFindings);
  const starts = parsed.stack.layers.map((_, i) => positionOf(parsed.positions, ['layers', i])?.line ?? 0);
  // The marks are decided here too, not on the page: realize resolves the whole stack again, which takes a good part of a second at 10,000 layers.
  // The accelerator is left open: nothing has probed one yet, and only a hypervisor's sentence depends on it.
  const real = realize(parsed.stack, { cpuIds: [] }).layers;
  return { stack: parsed.stack, check: { findings, classes: rules.classes, views: rules.views }, lines: { starts, ownLines: onOwnLines(text, starts) }, real };
}

/** Whether each start line holds exactly one flow mapping item and nothing else, and they follow each other. */
function onOwnLines(text: string, starts: readonly number[]): boolean {
  if (starts.length === 0) return false;
  const lines = text.split('\n');
  return starts.every((line, i) => (i === 0 || line === (starts[i - 1] as number) + 1) && isFlowItem(lines[line - 1] ?? ''));
}

/** `  - { … }` with its braces balanced on the line (outside quotes), closing at its end, and no comment. */
export function isFlowItem(line: string): boolean {
  const m = /^\s*- \{/.exec(line);
  if (!m) return false;
  let depth = 0;
  let quote: string | null = null;
  for (let i = m[0].length - 1; i < line.length; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') return false;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return line.slice(i + 1).trim() === '';
    }
  }
  return false;
}
