import MarkdownIt from 'markdown-it';
import { parseExerciseBody, parseQuizBody, parseScenarioBody, parseVmBody, type BodyReporter } from './cellBodies';
import { parseFrontMatter } from './frontMatter';
import { parseInfoString } from './infoString';
import type { LessonReporter } from './lessonReporter';
import { lintUiLabels } from './lessonLabels';
import { lintLessonCells } from './lessonRules';
import { CELL_KINDS, type Cell, type Diagnostic, type FencedCell, type FencedCellKind, type Heading, type LessonModel, type ParsedLesson } from './lessonModel';

// One instance: markdown-it is stateless between parses. Only block structure is used here
// (fences and headings), so the preset does not matter beyond CommonMark's rules.
const markdown = new MarkdownIt('commonmark');

/** Checks a lesson's stack and scenario cells against the stack rules, reporting into the lesson's diagnostics (stackCells.ts). */
export type StackCellsCheck = (cells: readonly Cell[], report: LessonReporter) => void;

/**
 * Reads a lesson notebook (docs/lesson-format.md) into its model. Never throws: every
 * problem, from a missing front matter to a broken cell, comes back as a diagnostic
 * positioned in the file, and the model holds what could be read. The stack rules run on
 * the stack cells only when `checkStacks` is given: `parseLesson` (stackCells.ts) gives
 * them; the page reads a lesson on its own thread without them, and gets the whole
 * diagnostics from its check worker, since checking a stack can take seconds.
 *
 * @param text the whole lesson file
 * @param file the file name to put in diagnostics and in the model
 */
export function readLesson(text: string, file?: string, checkStacks?: StackCellsCheck): ParsedLesson {
  try {
    return parseLessonText(text, file, checkStacks);
  } catch (err) {
    // Every step reports instead of throwing; this keeps the promise even if a library
    // throws on some input no test has met yet, so a lesson list never breaks.
    const diagnostic: Diagnostic = { severity: 'error', rule: 'internal-error', message: `the lesson could not be parsed: ${String(err)}`, line: 1, column: 1 };
    if (file !== undefined) diagnostic.file = file;
    const lesson: LessonModel = { frontMatter: null, title: file ?? 'Untitled lesson', cells: [], headings: [] };
    if (file !== undefined) lesson.file = file;
    return { lesson, diagnostics: [diagnostic] };
  }
}

function parseLessonText(text: string, file: string | undefined, checkStacks: StackCellsCheck | undefined): ParsedLesson {
  const diagnostics: Diagnostic[] = [];
  const report: LessonReporter = (severity, rule, message, line, column, cellId) => {
    const d: Diagnostic = { severity, rule, message, line, column };
    if (file !== undefined) d.file = file;
    if (cellId !== undefined) d.cellId = cellId;
    diagnostics.push(d);
  };

  const fm = parseFrontMatter(text);
  for (const e of fm.errors) report('error', 'front-matter', e.message, e.line, e.column);

  // markdown-it normalises line ends the same way, so line numbers agree with this split.
  const lines = text.split(/\r\n?|\n/);
  const bodyOffset = fm.bodyLine - 1;
  const tokens = markdown.parse(lines.slice(bodyOffset).join('\n'), {});

  const cells: Cell[] = [];
  const headings: Heading[] = [];
  let proseStart = fm.bodyLine;
  let markdownCount = 0;
  const flushProse = (endLine: number): void => {
    const source = lines.slice(proseStart - 1, endLine).join('\n');
    if (source.trim() !== '') {
      markdownCount += 1;
      cells.push({ kind: 'markdown', id: `md-${markdownCount}`, range: { start: proseStart, end: endLine }, source });
    }
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token?.map) continue;
    const start = bodyOffset + token.map[0] + 1;
    if (token.type === 'heading_open' && token.level === 0) {
      headings.push({ level: Number(token.tag.slice(1)), text: tokens[i + 1]?.content ?? '', line: start, cellIndex: -1 });
      continue;
    }
    if (token.type !== 'fence') continue;
    const info = parseInfoString(token.info);
    const isKind = (CELL_KINDS as readonly string[]).includes(info.word);
    if (token.level !== 0) {
      if (isKind)
        report(
          'warning',
          'nested-cell',
          `a ${info.word} cell must stand at the top level of the lesson, not inside a list or quote; it is shown as code`,
          start,
          1,
        );
      continue;
    }
    if (!isKind) {
      if (info.attributes.id !== undefined) {
        report('error', 'unknown-cell-kind', `"${info.word}" is not a cell kind (use one of ${CELL_KINDS.join(', ')}); it is shown as code`, start, 1);
      }
      continue;
    }
    const end = bodyOffset + token.map[1];
    const openingLine = lines[start - 1] ?? '';
    const indent = openingLine.length - openingLine.trimStart().length;
    const closingLine = (lines[end - 1] ?? '').trim();
    const closed = end > start && closingLine.startsWith(token.markup) && /^([`~])\1*$/.test(closingLine);
    flushProse(start - 1);
    proseStart = end + 1;
    cells.push(buildCell(info.word as FencedCellKind, info, token.content, start, end, indent, closed, report));
  }
  flushProse(lines.length);

  for (const h of headings) h.cellIndex = cells.findIndex((c) => c.kind === 'markdown' && c.range.start <= h.line && h.line <= c.range.end);
  checkStacks?.(cells, report);
  lintLessonCells(cells, fm, report);
  lintUiLabels(cells, report);

  const lesson: LessonModel = {
    frontMatter: fm.value,
    title: fm.value?.title ?? headings[0]?.text ?? file ?? 'Untitled lesson',
    cells,
    headings,
  };
  if (file !== undefined) lesson.file = file;
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  return { lesson, diagnostics };
}

const ATTRIBUTES: Record<FencedCellKind, readonly string[]> = {
  stack: ['id', 'expect'],
  scenario: ['id', 'for'],
  vm: ['id'],
  quiz: ['id'],
  exercise: ['id', 'objective'],
  script: ['id', 'for'],
};

function buildCell(
  kind: FencedCellKind,
  info: ReturnType<typeof parseInfoString>,
  content: string,
  start: number,
  end: number,
  indent: number,
  closed: boolean,
  report: LessonReporter,
): FencedCell {
  // A cell without a usable id still gets one, so the model stays addressable; the
  // error tells the author to name it.
  const id = info.attributes.id ?? `${kind}-line-${start}`;
  if (info.attributes.id === undefined) report('error', 'missing-cell-id', `a ${kind} cell needs an id: write \`${kind} id=NAME\``, start, 1, id);
  else if (!/^[A-Za-z0-9_-]+$/.test(id)) report('error', 'invalid-cell-id', `cell id "${id}" may hold only letters, digits, "-" and "_"`, start, 1, id);
  else if (/^md-\d+$/.test(id)) report('error', 'reserved-cell-id', `cell id "${id}" is reserved for prose cells; choose another`, start, 1, id);
  for (const problem of info.problems) report('warning', 'bad-attribute', problem, start, 1, id);
  for (const key of Object.keys(info.attributes)) {
    if (!ATTRIBUTES[kind].includes(key))
      report('warning', 'unknown-attribute', `a ${kind} cell has no "${key}" attribute (it takes ${ATTRIBUTES[kind].join(', ')})`, start, 1, id);
  }
  if (!closed) report('error', 'unclosed-cell', `the ${kind} cell "${id}" is never closed: its fence runs to the end of the file`, start, 1, id);

  const bodyLine = start + 1;
  const source = content.replace(/\n$/, '');
  const bodyReport: BodyReporter = (severity, rule, message, p) => report(severity, rule, message, bodyLine + p.line - 1, p.column + indent, id);
  const common = { id, range: { start, end }, source, bodyLine, attributes: info.attributes };
  switch (kind) {
    case 'stack':
      return {
        kind,
        ...common,
        expects: (info.attributes.expect ?? '')
          .split(',')
          .map((r) => r.trim())
          .filter((r) => r !== ''),
      };
    case 'scenario':
      return { kind, ...common, for: info.attributes.for ?? null, steps: parseScenarioBody(source, bodyReport) };
    case 'vm':
      return { kind, ...common, spec: parseVmBody(source, bodyReport) };
    case 'quiz':
      return { kind, ...common, quiz: parseQuizBody(source, bodyReport) };
    case 'exercise':
      return { kind, ...common, objective: info.attributes.objective ?? null, exercise: parseExerciseBody(source, bodyReport) };
    case 'script':
      if (source.trim() === '') report('warning', 'empty-cell', `the script cell "${id}" is empty`, start, 1, id);
      return { kind, ...common, for: info.attributes.for ?? null };
  }
}
