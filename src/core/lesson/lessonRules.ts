import { ambiguousExpect, outputMatches } from '../exercise/exerciseEvaluator';
import { instantiateExercise, seedReferences, seedValuesAt } from '../exercise/exerciseSeed';
import { ruleInfo } from '../stack';
import { PREDICATE_SCHEMAS, predicateKind } from './cellSchemas';
import type { FrontMatterResult } from './frontMatter';
import type { Cell, ExerciseCell, FencedCell } from './lessonModel';
import type { LessonReporter } from './lessonReporter';

/**
 * The rules that span cells: unique ids, references between cells (`for=`,
 * `starts-from`, vm predicates), objectives and the exercises that meet them, and seed
 * variables. Cell bodies were validated on their own before this pass.
 */
export function lintLessonCells(cells: readonly Cell[], fm: FrontMatterResult, report: LessonReporter): void {
  const fenced = cells.filter((c): c is FencedCell => c.kind !== 'markdown');
  const byId = new Map<string, FencedCell>();
  for (const cell of fenced) {
    const first = byId.get(cell.id);
    if (first)
      report(
        'error',
        'duplicate-cell-id',
        `cell id "${cell.id}" is already used by the ${first.kind} cell on line ${first.range.start}`,
        cell.range.start,
        1,
        cell.id,
      );
    else byId.set(cell.id, cell);
  }

  const expectKind = (cell: FencedCell, ref: string, kind: 'stack' | 'vm', what: string, line = cell.range.start, column = 1): void => {
    const target = byId.get(ref);
    if (!target) report('error', `unknown-${kind}-reference`, `${what} "${ref}" names no cell of this lesson`, line, column, cell.id);
    else if (target.kind !== kind)
      report('error', `unknown-${kind}-reference`, `${what} "${ref}" is a ${target.kind} cell, not a ${kind} cell`, line, column, cell.id);
  };

  for (const cell of fenced) {
    if (cell.kind === 'scenario') {
      if (cell.for === null)
        report('error', 'missing-for', `a scenario cell names the stack it runs on: write \`scenario id=${cell.id} for=STACK\``, cell.range.start, 1, cell.id);
      else expectKind(cell, cell.for, 'stack', 'for=');
    } else if (cell.kind === 'script' && cell.for !== null) {
      expectKind(cell, cell.for, 'stack', 'for=');
    } else if (cell.kind === 'vm') {
      for (const step of cell.spec?.steps ?? []) if (step.expect !== undefined) lintExpect(cell, step.expect, `vm cell "${cell.id}"`, report);
    } else if (cell.kind === 'exercise') {
      lintExercise(cell, fm, expectKind, report);
    }
  }

  const objectives = fm.value?.objectives ?? [];
  const met = new Set(fenced.flatMap((c) => (c.kind === 'exercise' && c.objective !== null ? [c.objective] : [])));
  for (const objective of objectives) {
    if (met.has(objective.id)) continue;
    const at = fm.objectivePositions[objective.id] ?? { line: 1, column: 1 };
    report(
      'error',
      'objective-without-exercise',
      `objective "${objective.id}" has no exercise: add an \`exercise objective=${objective.id}\` cell`,
      at.line,
      at.column,
    );
  }
  if (fm.value && !fenced.some((c) => c.kind === 'exercise')) {
    report('warning', 'no-exercise', 'the lesson has no exercise: every lesson should check what the student learnt', fm.bodyLine, 1);
  }
}

type ExpectKind = (cell: FencedCell, ref: string, kind: 'stack' | 'vm', what: string, line?: number, column?: number) => void;

function lintExercise(cell: ExerciseCell, fm: FrontMatterResult, expectKind: ExpectKind, report: LessonReporter): void {
  if (cell.objective === null) {
    report(
      'note',
      'exercise-without-objective',
      `exercise "${cell.id}" meets no objective: add objective=ID to count it in the student's progress`,
      cell.range.start,
      1,
      cell.id,
    );
  } else if (fm.value && !fm.value.objectives.some((o) => o.id === cell.objective)) {
    report('error', 'unknown-objective', `objective=${cell.objective} is not an objective of the front matter`, cell.range.start, 1, cell.id);
  }
  const exercise = cell.exercise;
  if (!exercise) return;
  const at = (text: string): { line: number; column: number } => positionOfText(cell, text);
  if (exercise.startsFrom !== undefined) expectKind(cell, exercise.startsFrom, 'stack', 'starts-from', ...lineColumn(at('starts-from')));
  const answerIds = new Set<string>();
  for (const predicate of exercise.expect) {
    if ('finding' in predicate && !ruleInfo(predicate.finding)) {
      const p = at(predicate.finding);
      report(
        'warning',
        'unknown-rule',
        `"${predicate.finding}" is not a rule id of the stack checker, so this predicate can never see it`,
        p.line,
        p.column,
        cell.id,
      );
    }
    if ('answer' in predicate) {
      const { id, vm } = predicate.answer;
      if (answerIds.has(id)) {
        const second = positionsOfText(cell, `id: ${id}`).filter((p) => p.line !== at(`id: ${id}`).line)[0] ?? at(`id: ${id}`);
        report('error', 'duplicate-answer-id', `answer id "${id}" is used twice in this exercise`, second.line, second.column, cell.id);
      }
      answerIds.add(id);
      if (vm) lintInspection(cell, vm.id, vm.command, expectKind, report);
    }
    if (!('vm' in predicate)) continue;
    lintInspection(cell, predicate.vm.id, predicate.vm.inspect, expectKind, report);
    if (predicate.vm.expect !== undefined) lintExpect(cell, predicate.vm.expect, `exercise "${cell.id}"`, report);
  }

  const declared = exercise.seed ?? {};
  const used = seedReferences(exercise);
  for (const name of used) {
    if (!Object.hasOwn(declared, name)) {
      const p = at(`\${seed.${name}}`);
      report(
        'error',
        'unknown-seed-variable',
        `\${seed.${name}} is not declared: add it to the exercise's seed, e.g. seed: { ${name}: [...] }`,
        p.line,
        p.column,
        cell.id,
      );
    }
  }
  for (const name of Object.keys(declared)) {
    if (!used.includes(name))
      report('warning', 'unused-seed-variable', `seed variable "${name}" is never used as \${seed.${name}}`, at('seed:').line, at('seed:').column, cell.id);
  }
  // Try each declared value once: a value that does not fit where it is used (a word
  // where a number is compared) is an error for the students who would draw it.
  const undeclared = used.some((name) => !Object.hasOwn(declared, name));
  const tries = undeclared ? 0 : Math.max(0, ...Object.values(declared).map((values) => values.length));
  for (let i = 0; i < tries; i++) {
    const values = seedValuesAt(declared, i);
    const instance = instantiateExercise(exercise, values);
    instance.expect.forEach((predicate, n) => {
      const kind = predicateKind(predicate);
      if (!kind) return;
      const parsed = PREDICATE_SCHEMAS[kind].safeParse(predicate);
      if (parsed.success && !hasPlaceholder(predicate)) return;
      const why = parsed.success ? 'a placeholder stays unresolved' : (parsed.error.issues[0]?.message ?? 'invalid');
      const p = at('seed:');
      report('error', 'invalid-seed-value', `with ${JSON.stringify(values)}, expect[${n}] is invalid: ${why}`, p.line, p.column, cell.id);
    });
  }
}

/**
 * Commands that change a guest's state: a check that ran one could do the student's step
 * for them (an `unshare` that makes the container it then finds). Redirections to
 * /dev/null and reading commands are fine.
 */
const CHANGES_STATE =
  /(?:^|[;&|(\s])(?:unshare|mount|umount|kill|killall|pkill|rm|rmdir|mkdir|touch|mv|cp|ln|chmod|chown|reboot|poweroff|halt|insmod|rmmod|modprobe|ifconfig|ip\s+(?:link|addr|route)\s+(?:set|add|del)|hostname\s+[^\s;&|)]+|sysctl\s+-w|echo\b[^;&|]*[^2&]>(?!\s*\/dev\/null))(?=$|[\s;&|)])/;

/** A guest inspection names a vm cell and only reads. */
function lintInspection(cell: ExerciseCell, vmId: string, command: string, expectKind: ExpectKind, report: LessonReporter): void {
  expectKind(cell, vmId, 'vm', 'vm id', ...lineColumn(positionOfText(cell, vmId)));
  const acts = CHANGES_STATE.exec(command);
  if (acts) {
    const p = positionOfText(cell, command.split('\n')[0] ?? command);
    report(
      'error',
      'inspection-changes-state',
      `the checker's command runs "${acts[0].trim()}", which changes the guest: ` +
        `a check only reads the state the student made (the student's terminal is where the work happens)`,
      p.line,
      p.column,
      cell.id,
    );
  }
}

/** An `expect` of a vm step or predicate: a regular expression that compiles, and one reading only. */
function lintExpect(cell: FencedCell, expect: string, where: string, report: LessonReporter): void {
  // The value as written whole (a command on the same line may hold the same text); in
  // double quotes a backslash is written twice.
  const quoted = [JSON.stringify(expect), `'${expect}'`].flatMap((q) => positionsOfText(cell, q).map((p) => ({ ...p, column: p.column + 1 })));
  const p = quoted[0] ?? positionOfText(cell, expect);
  const ambiguous = ambiguousExpect(expect);
  if (ambiguous) report('error', 'ambiguous-expect', `in ${where}: ${ambiguous}`, p.line, p.column, cell.id);
  else if (outputMatches('', expect) === null)
    report('error', 'invalid-regex', `in ${where}: ${expect} is not a valid regular expression`, p.line, p.column, cell.id);
}

/** Position of the first occurrence of `text` in the cell's body, else the cell's first line. */
function positionOfText(cell: FencedCell, text: string): { line: number; column: number } {
  return positionsOfText(cell, text)[0] ?? { line: cell.range.start, column: 1 };
}

/** Positions of the first occurrence of `text` on each line of the cell's body. */
function positionsOfText(cell: FencedCell, text: string): Array<{ line: number; column: number }> {
  return cell.source.split('\n').flatMap((line, i) => {
    const col = line.indexOf(text);
    return col >= 0 ? [{ line: cell.bodyLine + i, column: col + 1 }] : [];
  });
}

function lineColumn(p: { line: number; column: number }): [number, number] {
  return [p.line, p.column];
}

function hasPlaceholder(v: unknown): boolean {
  if (typeof v === 'string') return /\$\{seed\./.test(v);
  if (Array.isArray(v)) return v.some(hasPlaceholder);
  if (typeof v === 'object' && v !== null) return Object.values(v).some(hasPlaceholder);
  return false;
}
