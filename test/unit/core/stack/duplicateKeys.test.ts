import { describe, expect, it, vi } from 'vitest';
import type * as Yaml from 'yaml';

/**
 * yaml's `uniqueKeys: true` compares each key with every earlier key of its mapping, so a
 * mapping of n keys costs n²/2 comparisons (40,000 keys took 10.9 s). yaml is wrapped here
 * so that this built-in check, if asked for, counts its comparisons: the work is measured,
 * not timed.
 */
const counter = vi.hoisted(() => ({ comparisons: 0 }));

vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof Yaml>();
  const sameKey = (a: unknown, b: unknown): boolean => {
    counter.comparisons++;
    return a === b || (yaml.isScalar(a) && yaml.isScalar(b) && a.value === b.value);
  };
  return {
    ...yaml,
    parseDocument: (source: string, options: Parameters<typeof yaml.parseDocument>[1] = {}) =>
      yaml.parseDocument(
        source,
        options.uniqueKeys === false ? options : { ...options, uniqueKeys: typeof options.uniqueKeys === 'function' ? options.uniqueKeys : sameKey },
      ),
  };
});

const { parseStack } = await import('../../../../src/core/stack');

/** A stack whose first layer has `keys` extra (unknown) keys: one large mapping. */
function wideStack(keys: number, extra = ''): string {
  const fields = Array.from({ length: keys }, (_, i) => `    k${i}: ${i}`).join('\n');
  return `name: wide\nlayers:\n  - id: N1\n    kind: node\n${fields}\n${extra}`;
}

describe('duplicate keys', () => {
  it('are found with work linear in the number of keys', () => {
    const keys = 4_000;
    counter.comparisons = 0;
    const { findings } = parseStack(wideStack(keys));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.filter((f) => f.rule === 'unknown-key')).toHaveLength(keys);
    // The quadratic check does keys²/2 = 8 million comparisons here.
    expect(counter.comparisons).toBeLessThanOrEqual(keys);
  });

  it('are reported where the repeated key is, naming the first', () => {
    const { stack, findings } = parseStack(wideStack(2_000, '    k17: again\n'));
    expect(stack).toBeNull();
    expect(findings).toEqual([
      { severity: 'error', rule: 'yaml-syntax', line: 2005, column: 5, message: 'Map keys must be unique: "k17" is set twice (first set at line 22)' },
    ]);
  });

  it('count in flow mappings and nested mappings, and keys of different types differ', () => {
    expect(parseStack('name: x\nlayers: [{ id: a, kind: node, id: b }]\n').findings).toMatchObject([{ rule: 'yaml-syntax', line: 2, column: 31 }]);
    expect(parseStack('name: x\nnetwork:\n  lanMbps: 1\n  lanMbps: 2\nlayers: []\n').findings).toMatchObject([{ rule: 'yaml-syntax', line: 4, column: 3 }]);
    expect(parseStack('name: x\nlayers: []\nnetwork: { 1: a, "1": b }\n').findings.filter((f) => f.rule === 'yaml-syntax')).toEqual([]);
  });
});
