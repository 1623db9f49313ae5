import type { z } from 'zod';
import { nearestKey, stepSchemas } from '../stack';
import {
  ExerciseSpec,
  PREDICATE_SCHEMAS,
  predicateKind,
  QuizSpec,
  ScenarioSpec,
  VmCellSpec,
  type Exercise,
  type Predicate,
  type ScenarioStepSpec,
} from './cellSchemas';
import type { Severity } from './lessonModel';
import { parseYamlSource, type YamlPosition, type YamlSource } from './yamlSource';

/** Where a body parser reports findings; positions are inside the body and mapped by the caller. */
export type BodyReporter = (severity: Severity, rule: string, message: string, position: YamlPosition) => void;

/** Parses a YAML body, reporting syntax errors; undefined when it cannot be read. */
export function readYamlBody(text: string, report: BodyReporter): YamlSource | undefined {
  const yaml = parseYamlSource(text);
  for (const e of yaml.errors) report('error', 'yaml-syntax', e.message, e);
  return yaml.errors.length > 0 ? undefined : yaml;
}

/** Validates a `quiz` body; also checks that `answer` indexes one of the choices. */
export function parseQuizBody(text: string, report: BodyReporter): QuizSpec | null {
  const yaml = readYamlBody(text, report);
  if (!yaml) return null;
  const quiz = validate(QuizSpec, yaml, 'invalid-quiz', report);
  if (!quiz) return null;
  if (quiz.answer >= quiz.choices.length) {
    report(
      'error',
      'quiz-answer-out-of-range',
      `answer ${quiz.answer} is not the index of a choice (there are ${quiz.choices.length}, counted from 0)`,
      yaml.locate(['answer']),
    );
    return null;
  }
  return quiz;
}

/** Validates a `vm` body. */
export function parseVmBody(text: string, report: BodyReporter): VmCellSpec | null {
  const yaml = readYamlBody(text, report);
  return yaml ? validate(VmCellSpec, yaml, 'invalid-vm', report) : null;
}

/**
 * Validates an `exercise` body. Predicates are told apart by their naming key (`check`,
 * `view`, ...) before validation, so an error names what is wrong with that predicate
 * instead of listing every alternative.
 */
export function parseExerciseBody(text: string, report: BodyReporter): Exercise | null {
  const yaml = readYamlBody(text, report);
  if (!yaml) return null;
  const raw = yaml.value;
  let ok = true;
  if (isRecord(raw) && Array.isArray(raw.expect)) {
    raw.expect.forEach((item: unknown, i: number) => {
      const kind = predicateKind(item);
      if (!kind) {
        report(
          'error',
          'unknown-predicate',
          `expect[${i}] is not a predicate: start it with one of ${Object.keys(PREDICATE_SCHEMAS).join(', ')}`,
          yaml.locate(['expect', i]),
        );
        ok = false;
        return;
      }
      const parsed = PREDICATE_SCHEMAS[kind].safeParse(item);
      if (!parsed.success) {
        reportIssues(parsed.error.issues, ['expect', i], yaml, 'invalid-exercise', report);
        ok = false;
      }
    });
    if (!ok) return null;
  }
  const spec = validate(ExerciseSpec, yaml, 'invalid-exercise', report);
  if (!spec) return null;
  const exercise: Exercise = { goal: spec.goal, expect: spec.expect as Predicate[] };
  if (spec['starts-from'] !== undefined) exercise.startsFrom = spec['starts-from'];
  if (spec.seed !== undefined) exercise.seed = spec.seed;
  return exercise;
}

/**
 * Validates with a zod object schema: issues become positioned errors and top-level keys
 * the schema does not know become `unknown-key` warnings (as in stack files).
 */
export function validate<S extends z.ZodType>(schema: S, yaml: YamlSource, rule: string, report: BodyReporter): z.output<S> | null {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  if (shape && isRecord(yaml.value)) {
    const known = Object.keys(shape);
    for (const { key, position } of yaml.keysAt([])) {
      if (!known.includes(key)) report('warning', 'unknown-key', `unknown key "${key}" (did you mean "${nearestKey(key, known)}"?)`, position);
    }
  }
  const parsed = schema.safeParse(yaml.value ?? null);
  if (parsed.success) return parsed.data;
  reportIssues(parsed.error.issues, [], yaml, rule, report);
  return null;
}

function reportIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[], yaml: YamlSource, rule: string, report: BodyReporter): void {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const where = path.length > 0 ? `${formatPath(path)}: ` : '';
    report('error', rule, `${where}${issue.message}`, yaml.locate(path));
  }
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates a `scenario` body with the stack model's step schemas; unknown step keys are warnings. */
export function parseScenarioBody(text: string, report: BodyReporter): ScenarioStepSpec[] | null {
  const yaml = readYamlBody(text, report);
  if (!yaml) return null;
  if (Array.isArray(yaml.value)) {
    yaml.value.forEach((step: unknown, i: number) => {
      const known = isRecord(step) ? stepKeys(step.do) : undefined;
      if (!known) return;
      for (const { key, position } of yaml.keysAt([i])) {
        if (!known.includes(key))
          report(
            'warning',
            'unknown-key',
            `unknown key "${key}" in a ${String((step as Record<string, unknown>).do)} step (did you mean "${nearestKey(key, known)}"?)`,
            position,
          );
      }
    });
  }
  return validate(ScenarioSpec, yaml, 'invalid-scenario', report);
}

function stepKeys(verb: unknown): string[] | undefined {
  return typeof verb === 'string' && Object.hasOwn(stepSchemas, verb) ? Object.keys(stepSchemas[verb as keyof typeof stepSchemas].shape) : undefined;
}
