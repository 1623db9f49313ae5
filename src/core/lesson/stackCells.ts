import { parseStack } from '../stack';
import type { Cell } from './lessonModel';
import type { LessonReporter } from './lessonReporter';

/**
 * Checks every stack cell with the stack model's parser and rules, mapping each finding
 * from its line in the cell body to its line in the lesson file.
 */
export function checkStackCells(cells: readonly Cell[], report: LessonReporter): void {
  for (const cell of cells) {
    if (cell.kind !== 'stack') continue;
    const parsed = parseStack(cell.source);
    for (const f of parsed.findings) {
      const line = f.line !== undefined ? cell.bodyLine + f.line - 1 : cell.range.start;
      const message = f.layer !== undefined ? `${f.layer}: ${f.message}` : f.message;
      report(f.severity, f.rule, message, line, f.column ?? 1, cell.id);
    }
  }
}
