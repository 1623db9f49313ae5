import { z } from 'zod';
import { ExerciseSpec, QuizSpec, ScenarioSpec, VmCellSpec } from './cellSchemas';

const BODY_SCHEMAS = { quiz: QuizSpec, vm: VmCellSpec, scenario: ScenarioSpec, exercise: ExerciseSpec } as const;

/** Cell kinds whose YAML body has a JSON Schema (a stack cell uses the stack file's). */
export type SchemaCellKind = keyof typeof BODY_SCHEMAS;

/**
 * The JSON Schema of a cell kind's YAML body, generated from the zod schema the parser
 * validates with, for the notebook editor's completion and hover. It describes what an
 * author may write, so fields with defaults are optional.
 */
export function cellJsonSchema(kind: SchemaCellKind): Record<string, unknown> {
  return {
    ...z.toJSONSchema(BODY_SCHEMAS[kind], { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }),
    $id: `https://strata.invalid/schema/lesson-${kind}.schema.json`,
    title: `Strata lesson ${kind} cell`,
  };
}
