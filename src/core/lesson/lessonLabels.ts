import { PRESET_TITLES, UI_LABEL_MARK, unknownLabel } from '../ui/uiLabels';
import type { Cell } from './lessonModel';
import type { LessonReporter } from './lessonReporter';

/**
 * Lessons name only what the app shows. A marked label (`[[Run]]`, `[[Presets > Kerrighed
 * upon Xen]]`) must be one of src/core/ui/uiLabels.ts; and two habits of prose that
 * bypass the marking are caught: "press *Check*" (an unmarked button) and "the preset
 * one-node" (a preset the Presets menu does not have).
 */
export function lintUiLabels(cells: readonly Cell[], report: LessonReporter): void {
  for (const cell of cells) {
    // Prose, and the text of quizzes and exercises: stack, scenario, vm and script bodies hold no labels.
    if (cell.kind !== 'markdown' && cell.kind !== 'quiz' && cell.kind !== 'exercise') continue;
    const first = cell.kind === 'markdown' ? cell.range.start : cell.bodyLine;
    const cellId = cell.kind === 'markdown' ? undefined : cell.id;
    let fence: string | null = null;
    // The indent of a shell command's block scalar being skipped (checker commands are code).
    let commandIndent: number | null = null;
    cell.source.split('\n').forEach((text, i) => {
      const line = first + i;
      const indent = text.length - text.trimStart().length;
      if (commandIndent !== null) {
        if (text.trim() === '' || indent > commandIndent) return;
        commandIndent = null;
      }
      const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
      if (cell.kind === 'markdown' && marker && (fence === null || marker.startsWith(fence))) {
        fence = fence === null ? marker : null;
        return;
      }
      if (fence !== null) return;
      if (cell.kind !== 'markdown' && SHELL_BLOCK.test(text)) commandIndent = indent;
      lintLine(withoutCodeSpans(cell.kind === 'markdown' ? text : text.replace(SHELL_VALUE, '')), line, cellId, report);
    });
  }
}

/** Keys of exercise bodies whose values are shell commands, not prose. */
const SHELL_BLOCK = /^\s*(?:-\s+)?(?:inspect|command):\s*[|>]/;
const SHELL_VALUE = /\b(?:inspect|command):\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,}]*)/g;
const UNMARKED_BUTTON = /\b(?:press|click|pick|choose|open)\s+(?:the\s+)?(\*{1,2}|_)([^*_\n]+?)\1/gi;
const NAMED_PRESET = /\bpreset\s+(?:"([^"\n]+)"|\*([^*\n]+)\*|([A-Za-z0-9]+(?:-[A-Za-z0-9]+)+))/gi;

function lintLine(text: string, line: number, cellId: string | undefined, report: LessonReporter): void {
  for (const m of text.matchAll(UI_LABEL_MARK)) {
    const problem = unknownLabel(m[1] ?? '');
    if (problem) report('error', 'unknown-ui-label', problem, line, (m.index ?? 0) + 1, cellId);
  }
  const unmarked = text.replace(UI_LABEL_MARK, (all) => ' '.repeat(all.length));
  for (const m of unmarked.matchAll(UNMARKED_BUTTON)) {
    report(
      'error',
      'unmarked-ui-label',
      `"${m[2]}" reads as a button: mark it [[${m[2]}]] so the lint can check that the app shows it`,
      line,
      (m.index ?? 0) + 1,
      cellId,
    );
  }
  for (const m of unmarked.matchAll(NAMED_PRESET)) {
    const name = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (!PRESET_TITLES.includes(name))
      report('error', 'unknown-preset', `the Presets menu has no preset "${name}" (it has: ${PRESET_TITLES.join('; ')})`, line, (m.index ?? 0) + 1, cellId);
  }
}

/** The line with `code spans` blanked out (same length), so code is never read as prose. */
function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)[^`]*?\1/g, (all) => ' '.repeat(all.length));
}
