import { checkStackText, ruleInfo } from '../stack';
import type { Cell, ParsedLesson, ScenarioCell, StackCell } from './lessonModel';
import { readLesson } from './lessonParser';
import type { LessonReporter } from './lessonReporter';

/**
 * Parses a lesson notebook (docs/lesson-format.md) into its model with every diagnostic,
 * the stack rules' on its stack and scenario cells included (see {@link readLesson}).
 *
 * @param text the whole lesson file
 * @param file the file name to put in diagnostics and in the model
 */
export function parseLesson(text: string, file?: string): ParsedLesson {
  return readLesson(text, file, checkStackCells);
}

/**
 * Checks every stack cell with the stack model's parser and rules, and every scenario cell
 * joined to the stack it names, mapping each finding from its line in the cell body to its
 * line in the lesson file.
 *
 * A stack cell may be wrong on purpose (the seminar's "SSI on top of containers" is shown
 * so students see why it fails): `expect=RULE[,RULE]` names the findings it exists to show.
 * Those are not reported, and one that does not fire is an error, so the lint proves the
 * lesson still shows what its text says.
 */
export function checkStackCells(cells: readonly Cell[], report: LessonReporter): void {
  const stacks = new Map<string, StackCell>();
  for (const cell of cells) {
    if (cell.kind !== 'stack') continue;
    if (!stacks.has(cell.id)) stacks.set(cell.id, cell);
    checkStackCell(cell, report);
  }
  for (const cell of cells) {
    if (cell.kind !== 'scenario' || cell.for === null || cell.steps === null) continue;
    const stack = stacks.get(cell.for);
    if (stack) checkScenarioCell(cell, stack, report);
  }
}

function checkStackCell(cell: StackCell, report: LessonReporter): void {
  const result = checkStackText(cell.source);
  const fired = new Set(result.findings.map((f) => f.rule));
  for (const f of result.findings) {
    if (cell.expects.includes(f.rule)) continue;
    const line = f.line !== undefined ? cell.bodyLine + f.line - 1 : cell.range.start;
    report(f.severity, f.rule, f.layer !== undefined ? `${f.layer}: ${f.message}` : f.message, line, f.column ?? 1, cell.id);
  }
  for (const rule of cell.expects) {
    if (fired.has(rule)) continue;
    const why = ruleInfo(rule) ? 'the stack rules no longer report it' : 'it is not a rule id of the stack checker';
    report('error', 'expected-finding-missing', `stack cell "${cell.id}" expects ${rule}, but ${why}`, cell.range.start, 1, cell.id);
  }
}

/**
 * Appends the scenario to its stack's text as a `scenario:` block and checks the whole,
 * so scenario rules (targets that exist and fit their verb) run exactly as for a stack
 * file. Findings on the stack's own lines belong to the stack cell and are left out.
 */
function checkScenarioCell(cell: ScenarioCell, stack: StackCell, report: LessonReporter): void {
  if (/^scenario\s*:/m.test(stack.source)) {
    report(
      'warning',
      'scenario-conflict',
      `stack cell "${stack.id}" has its own scenario; this scenario cell replaces it when run, and is checked on its own`,
      cell.range.start,
      1,
      cell.id,
    );
    return;
  }
  const stackLines = stack.source.split('\n');
  const offset = stackLines.length + 1;
  const joined = [...stackLines, 'scenario:', ...cell.source.split('\n').map((l) => `  ${l}`)].join('\n');
  for (const f of checkStackText(joined).findings) {
    if (f.line === undefined || f.line <= offset) continue;
    const line = cell.bodyLine + f.line - offset - 1;
    report(f.severity, f.rule, f.layer !== undefined ? `${f.layer}: ${f.message}` : f.message, line, Math.max(1, (f.column ?? 1) - 2), cell.id);
  }
}
