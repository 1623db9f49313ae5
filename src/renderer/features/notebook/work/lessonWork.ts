import { ExerciseOutcome, type LessonState, type LessonStateInput } from '../../../../api/workspaceApi';
import type { LessonModel } from '../../../../core/lesson';
import { CellOutput } from './cellOutputs';

/**
 * A student's work on one lesson: what they changed and what ran. The shipped lesson is
 * never written; this is the workspace copy laid over it. Keyed by cell id, so it
 * survives edits to the lesson text around the cells.
 */
export interface LessonWork {
  /** Cell sources the student edited (stack YAML, scenario YAML, scripts, exercise stacks). */
  sources: Record<string, string>;
  outputs: Record<string, CellOutput>;
  /** The choice picked in each quiz. */
  answers: Record<string, number>;
  /** What the student typed or picked in each exercise's answer fields, by field id. */
  fieldAnswers: Record<string, Record<string, string>>;
  exercises: Record<string, ExerciseOutcome>;
  /** Objective ids met; an objective stays met once its exercise passed, until reset. */
  objectivesMet: string[];
}

export function emptyWork(): LessonWork {
  return { sources: {}, outputs: {}, answers: {}, fieldAnswers: {}, exercises: {}, objectivesMet: [] };
}

/**
 * Reads saved work defensively: anything malformed (an older format, a hand-edited file)
 * is dropped piece by piece instead of failing the whole lesson.
 */
export function parseLessonWork(raw: unknown): LessonWork {
  const work = emptyWork();
  if (typeof raw !== 'object' || raw === null) return work;
  const r = raw as Record<string, unknown>;
  for (const [id, v] of entries(r.sources)) if (typeof v === 'string') work.sources[id] = v;
  for (const [id, v] of entries(r.outputs)) {
    const parsed = CellOutput.safeParse(v);
    if (parsed.success) work.outputs[id] = parsed.data;
  }
  for (const [id, v] of entries(r.answers)) if (typeof v === 'number' && Number.isInteger(v) && v >= 0) work.answers[id] = v;
  for (const [id, v] of entries(r.fieldAnswers)) {
    const fields = entries(v).filter((e): e is [string, string] => typeof e[1] === 'string');
    if (fields.length > 0) work.fieldAnswers[id] = Object.fromEntries(fields);
  }
  for (const [id, v] of entries(r.exercises)) {
    const parsed = ExerciseOutcome.safeParse(v);
    if (parsed.success) work.exercises[id] = parsed.data;
  }
  if (Array.isArray(r.objectivesMet)) work.objectivesMet = [...new Set(r.objectivesMet.filter((o): o is string => typeof o === 'string'))];
  return work;
}

/** The workspace's per-cell shape, for `workspace.lessonState.put`. */
export function toLessonStateInput(work: LessonWork): LessonStateInput {
  const cells: LessonStateInput['cells'] = {};
  const cell = (id: string): LessonStateInput['cells'][string] => (cells[id] ??= {});
  for (const [id, source] of Object.entries(work.sources)) cell(id).source = source;
  for (const [id, output] of Object.entries(work.outputs)) cell(id).output = output;
  for (const [id, answer] of Object.entries(work.answers)) cell(id).quizAnswer = answer;
  for (const [id, fields] of Object.entries(work.fieldAnswers)) cell(id).fieldAnswers = fields;
  for (const [id, outcome] of Object.entries(work.exercises)) cell(id).exercise = outcome;
  return { cells, objectivesMet: work.objectivesMet };
}

/** Reads a lesson state from the workspace, validating each cell's output on the way in. */
export function fromLessonState(state: Pick<LessonState, 'cells' | 'objectivesMet'>): LessonWork {
  const raw = {
    sources: {} as Record<string, unknown>,
    outputs: {} as Record<string, unknown>,
    answers: {} as Record<string, unknown>,
    fieldAnswers: {} as Record<string, unknown>,
    exercises: {} as Record<string, unknown>,
    objectivesMet: state.objectivesMet,
  };
  for (const [id, c] of Object.entries(state.cells)) {
    if (c.source !== undefined) raw.sources[id] = c.source;
    if (c.output !== undefined) raw.outputs[id] = c.output;
    if (c.quizAnswer !== undefined) raw.answers[id] = c.quizAnswer;
    if (c.fieldAnswers !== undefined) raw.fieldAnswers[id] = c.fieldAnswers;
    if (c.exercise !== undefined) raw.exercises[id] = c.exercise;
  }
  return parseLessonWork(raw);
}

function entries(v: unknown): Array<[string, unknown]> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.entries(v) : [];
}

/** The source a cell shows: the student's edit, else the lesson's. */
export function cellSource(work: LessonWork, cell: { id: string; source: string }): string {
  return work.sources[cell.id] ?? cell.source;
}

/** Records an edit; editing back to the lesson's text drops the edit (the cell is pristine again). */
export function withSource(work: LessonWork, cellId: string, original: string, source: string): LessonWork {
  const sources = { ...work.sources };
  if (source === original) delete sources[cellId];
  else sources[cellId] = source;
  return { ...work, sources };
}

export function withOutput(work: LessonWork, cellId: string, output: CellOutput): LessonWork {
  return { ...work, outputs: { ...work.outputs, [cellId]: output } };
}

export function withAnswer(work: LessonWork, cellId: string, choice: number): LessonWork {
  return { ...work, answers: { ...work.answers, [cellId]: choice } };
}

/** Records what the student wrote in one answer field of an exercise. */
export function withFieldAnswer(work: LessonWork, cellId: string, fieldId: string, answer: string): LessonWork {
  return { ...work, fieldAnswers: { ...work.fieldAnswers, [cellId]: { ...work.fieldAnswers[cellId], [fieldId]: answer } } };
}

/** Records an exercise check; a pass meets the exercise's objective. */
export function withExerciseOutcome(work: LessonWork, cellId: string, objective: string | null, outcome: ExerciseOutcome): LessonWork {
  const objectivesMet = outcome.passed && objective && !work.objectivesMet.includes(objective) ? [...work.objectivesMet, objective] : work.objectivesMet;
  return { ...work, exercises: { ...work.exercises, [cellId]: outcome }, objectivesMet };
}

/**
 * Puts one cell back as the lesson ships it: its edit, output, answer and check go; an
 * exercise's objective is un-met unless another passing exercise meets it too.
 */
export function withCellReset(work: LessonWork, lesson: LessonModel, cellId: string): LessonWork {
  const without = <V>(record: Record<string, V>): Record<string, V> => {
    const copy = { ...record };
    delete copy[cellId];
    return copy;
  };
  const next: LessonWork = {
    sources: without(work.sources),
    outputs: without(work.outputs),
    answers: without(work.answers),
    fieldAnswers: without(work.fieldAnswers),
    exercises: without(work.exercises),
    objectivesMet: work.objectivesMet,
  };
  const cell = lesson.cells.find((c) => c.id === cellId);
  if (cell?.kind === 'exercise' && cell.objective) {
    const objective = cell.objective;
    const stillMet = lesson.cells.some((c) => c.kind === 'exercise' && c.id !== cellId && c.objective === objective && next.exercises[c.id]?.passed);
    if (!stillMet) next.objectivesMet = next.objectivesMet.filter((o) => o !== objective);
  }
  return next;
}

/** Whether the student changed anything (for the "Reset lesson" button's state). */
export function hasWork(work: LessonWork): boolean {
  return (
    Object.keys(work.sources).length +
      Object.keys(work.outputs).length +
      Object.keys(work.answers).length +
      Object.keys(work.fieldAnswers).length +
      Object.keys(work.exercises).length +
      work.objectivesMet.length >
    0
  );
}
