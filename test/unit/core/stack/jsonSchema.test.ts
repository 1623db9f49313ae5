import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stackJsonSchema } from '../../../../src/core/stack';

// The builder's editor loads this file. Regenerate it after a schema change with
// `STRATA_WRITE_SCHEMA=1 npx vitest run --project unit test/unit/core/stack/jsonSchema.test.ts`.
const schemaFile = new URL('../../../../assets/schema/stack.schema.json', import.meta.url);

describe('stack JSON Schema', () => {
  const generated = JSON.stringify(stackJsonSchema(), null, 2) + '\n';
  if (process.env.STRATA_WRITE_SCHEMA === '1' || !existsSync(schemaFile)) writeFileSync(schemaFile, generated);

  it('is up to date with the zod schema', () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(generated);
  });

  it('offers every layer kind and hypervisor product for completion', () => {
    const text = JSON.stringify(stackJsonSchema());
    for (const word of ['"node"', '"hypervisor"', '"vm"', '"os"', '"ssi"', '"container"', '"app"', '"vmware-workstation"', '"kerrighed"', '"add-node"']) {
      expect(text).toContain(word);
    }
  });
});
