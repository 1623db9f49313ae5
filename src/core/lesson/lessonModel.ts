import { z } from 'zod';
import type { LessonFrontMatter } from './frontMatter';
import type { Exercise, QuizSpec, ScenarioStepSpec, VmCellSpec } from './cellSchemas';

/** How bad a finding is; the same three levels as the stack rules. */
export type Severity = 'error' | 'warning' | 'note';

/**
 * One finding about a lesson file. Positions are 1-based and always point into the
 * lesson file itself (a line inside a fenced cell is mapped to its line in the file).
 */
export interface Diagnostic {
  severity: Severity;
  /** Stable id of the rule, e.g. `duplicate-cell-id`, or a stack rule id for stack cells. */
  rule: string;
  message: string;
  /** The file as given to {@link parseLesson}, when one was given. */
  file?: string;
  line: number;
  column: number;
  /** The cell the finding belongs to, when it belongs to one. */
  cellId?: string;
}

/** A diagnostic as a zod schema, for what receives one from elsewhere (the check worker's reply); checked against the type. */
export const DiagnosticSchema = z.object({
  severity: z.enum(['error', 'warning', 'note']),
  rule: z.string(),
  message: z.string(),
  file: z.string().optional(),
  line: z.number(),
  column: z.number(),
  cellId: z.string().optional(),
}) satisfies z.ZodType<Diagnostic>;

/** Lines of the lesson file a cell covers, 1-based and inclusive. */
export interface LineRange {
  start: number;
  end: number;
}

/** The kinds of fenced cell (docs/lesson-format.md, "Cells"). */
export const CELL_KINDS = ['stack', 'scenario', 'vm', 'quiz', 'exercise', 'script'] as const;
export type FencedCellKind = (typeof CELL_KINDS)[number];

interface CellCommon {
  /**
   * The cell's id: the `id=` attribute of a fenced cell, or `md-N` (N counting markdown
   * cells from 1) for prose between fenced cells. Unique within a lesson; student state
   * is keyed by it.
   */
  id: string;
  /** Lines of the whole cell in the file (for a fenced cell, the fences included). */
  range: LineRange;
  /** The cell's text: the Markdown for prose, the fence body for a fenced cell. */
  source: string;
}

/** Prose between fenced cells, rendered as Markdown (plain code fences stay in it). */
export interface MarkdownCell extends CellCommon {
  kind: 'markdown';
}

interface FencedCellCommon extends CellCommon {
  /** File line of the first body line (the line after the opening fence). */
  bodyLine: number;
  /** Every `key=value` attribute of the info string, `id` included. */
  attributes: Record<string, string>;
}

/** A stack the builder shows and the simulator runs; the body is stack YAML kept as text. */
export interface StackCell extends FencedCellCommon {
  kind: 'stack';
  /**
   * Rule ids the stack is meant to break or trigger (`expect=RULE[,RULE]`), for stacks
   * shown to teach why they fail; the view can say so instead of alarming the student.
   */
  expects: string[];
}

/** Scenario steps applied to the stack cell named by `for=`. */
export interface ScenarioCell extends FencedCellCommon {
  kind: 'scenario';
  /** Id of the stack cell the scenario runs on (`for=`), or null when missing. */
  for: string | null;
  /** The parsed steps, or null when the body is not a valid list of steps. */
  steps: ScenarioStepSpec[] | null;
}

/** A real QEMU guest with scripted "type this" steps. */
export interface VmCell extends FencedCellCommon {
  kind: 'vm';
  spec: VmCellSpec | null;
}

/** A multiple-choice question with instant feedback. */
export interface QuizCell extends FencedCellCommon {
  kind: 'quiz';
  quiz: QuizSpec | null;
}

/** A task checked automatically; passing it meets the objective it names. */
export interface ExerciseCell extends FencedCellCommon {
  kind: 'exercise';
  /** The front-matter objective this exercise meets (`objective=`), or null. */
  objective: string | null;
  /** The exercise as written (seed placeholders not yet substituted), or null when invalid. */
  exercise: Exercise | null;
}

/** JavaScript a student edits and runs in a worker against the simulator API. */
export interface ScriptCell extends FencedCellCommon {
  kind: 'script';
  /** Id of a stack cell the script is given (`for=`), or null. */
  for: string | null;
}

export type FencedCell = StackCell | ScenarioCell | VmCell | QuizCell | ExerciseCell | ScriptCell;
export type Cell = MarkdownCell | FencedCell;

/** A Markdown heading, for the table of contents and presentation mode's sections. */
export interface Heading {
  level: number;
  text: string;
  line: number;
  /** Index in {@link LessonModel.cells} of the markdown cell holding the heading. */
  cellIndex: number;
}

/**
 * A lesson notebook as data: what the notebook view renders and the linter checks.
 * Serialisable to JSON (no functions, no class instances).
 */
export interface LessonModel {
  /** The file name given to the parser, if any. */
  file?: string;
  /** The validated front matter, or null when missing or invalid. */
  frontMatter: LessonFrontMatter | null;
  /** The front matter's title, else the first heading, else the file name, else "Untitled lesson". */
  title: string;
  /** Every cell in document order. */
  cells: Cell[];
  /** Headings in document order. */
  headings: Heading[];
}

/** What {@link parseLesson} returns: the model (always) and what is wrong with the file. */
export interface ParsedLesson {
  lesson: LessonModel;
  diagnostics: Diagnostic[];
}
