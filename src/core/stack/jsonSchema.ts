import { z } from 'zod';
import { Stack } from './stackSchema';

/**
 * The JSON Schema of stack files, generated from the zod schema so the two never
 * disagree. It describes what an author may write (defaults are optional), which is
 * what the builder's YAML editor needs for completion and hover.
 */
export function stackJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(Stack, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://strata.invalid/schema/stack.schema.json',
    title: 'Strata stack file (*.stack.yaml)',
  };
}
