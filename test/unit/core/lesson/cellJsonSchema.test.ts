import { describe, expect, it } from 'vitest';
import { cellJsonSchema } from '../../../../src/core/lesson';

describe('cellJsonSchema', () => {
  it('describes the exercise predicates an author may write', () => {
    const schema = cellJsonSchema('exercise') as { required?: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(['goal', 'expect']);
    const text = JSON.stringify(schema.properties.expect);
    for (const key of ['"check"', '"view"', '"finding"', '"layers"', '"simulate"', '"vm"']) expect(text).toContain(key);
  });

  it('leaves fields with defaults optional', () => {
    const schema = cellJsonSchema('vm') as { required?: string[] };
    expect(schema.required ?? []).not.toContain('memoryMiB');
  });
});
