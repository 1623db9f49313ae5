import { describe, expect, it } from 'vitest';
import { checkDocLinks, parseLesson } from '../../../../src/core/lesson';

const pages = new Map([
  ['simulator', '# The simulator\n\n## Parameters\n\n### The cost model\n'],
  ['qemu', '# QEMU\n'],
]);

function lint(body: string): Array<{ line: number; column: number; message: string }> {
  const { lesson } = parseLesson(`---\ntitle: T\n---\n${body}`, 'l.md');
  return checkDocLinks(lesson, pages).map((d) => {
    expect(d).toMatchObject({ severity: 'error', rule: 'unknown-doc-link', file: 'l.md' });
    return { line: d.line, column: d.column, message: d.message };
  });
}

describe('checkDocLinks', () => {
  it('accepts links to pages and sections that exist', () => {
    expect(lint('See [costs](../docs/simulator.md#the-cost-model), [QEMU](../docs/qemu.md) and [a site](https://example.org/x.md).\n')).toEqual([]);
  });

  it('reports a missing page, a missing section and a path a lesson cannot use, where they are written', () => {
    const found = lint(
      [
        '# Intro',
        '',
        'Read [x](../docs/nowhere.md) first.',
        '',
        '```stack id=s',
        'name: n',
        'layers: []',
        '```',
        '',
        'Then [y](../docs/simulator.md#costs) and [z](docs/qemu.md).',
      ].join('\n'),
    );
    expect(found.map((f) => [f.line, f.column])).toEqual([
      [6, 10],
      [13, 10],
      [13, 46],
    ]);
    expect(found[0]!.message).toContain('docs/nowhere.md does not exist');
    expect(found[1]!.message).toContain('has no section "costs"');
    expect(found[1]!.message).toContain('the-cost-model');
    expect(found[2]!.message).toContain('write ../docs/NAME.md#section');
  });
});
