import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { objectivesMet, parseLesson, type Diagnostic } from '../../../../src/core/lesson';

const example = readFileSync(new URL('./fixtures/contract-example.md', import.meta.url), 'utf8');

/** A lesson with the given front matter objectives and body. */
function lesson(body: string, objectives = ''): string {
  return `---\ntitle: T\n${objectives}---\n${body}`;
}

function rules(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => d.rule);
}

describe('parseLesson', () => {
  it('reads a worked example with every kind of cell but script without an error or warning', () => {
    const { lesson: model, diagnostics } = parseLesson(example, 'example.md');
    expect(diagnostics.filter((d) => d.severity !== 'note')).toEqual([]);
    expect(model.title).toBe('Containers on top of an SSI');
    expect(model.frontMatter?.objectives.map((o) => o.id)).toEqual(['see-all']);
    expect(model.cells.map((c) => `${c.kind}:${c.id}`)).toEqual([
      'markdown:md-1',
      'stack:two-nodes',
      'scenario:fail-one',
      'vm:first-vm',
      'quiz:q1',
      'exercise:e1',
    ]);
    expect(model.headings).toEqual([{ level: 1, text: 'Containers on top of an SSI', line: 7, cellIndex: 0 }]);
  });

  it('gives each cell its line range, body line and typed body', () => {
    const { lesson: model } = parseLesson(example);
    const stack = model.cells.find((c) => c.id === 'two-nodes');
    expect(stack).toMatchObject({ kind: 'stack', range: { start: 10, end: 18 }, bodyLine: 11 });
    expect(stack?.source.split('\n')[0]).toBe('name: Two nodes, one SSI');
    const quiz = model.cells.find((c) => c.kind === 'quiz');
    expect(quiz?.kind === 'quiz' && quiz.quiz).toMatchObject({ choices: ['4', '8', '2'], answer: 1 });
    const scenario = model.cells.find((c) => c.kind === 'scenario');
    expect(scenario?.kind === 'scenario' && scenario.for).toBe('two-nodes');
    expect(scenario?.kind === 'scenario' && scenario.steps).toEqual([{ at: 10, do: 'fail', target: 'N2' }]);
    const exercise = model.cells.find((c) => c.kind === 'exercise');
    expect(exercise?.kind === 'exercise' && exercise.exercise).toMatchObject({
      startsFrom: 'two-nodes',
      expect: [{ check: 'valid' }, { view: 'web', cpus: { gte: 12 } }, { simulate: { app: 'web' } }],
    });
    expect(exercise?.kind === 'exercise' && exercise.objective).toBe('see-all');
  });

  it('keeps plain code fences inside prose cells', () => {
    const { lesson: model, diagnostics } = parseLesson(lesson('Before\n\n```bash\nls\n```\n\nAfter\n'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model.cells).toHaveLength(1);
    expect(model.cells[0]).toMatchObject({ kind: 'markdown', range: { start: 4, end: 11 } });
  });

  it('maps an error inside a fence to its line and column in the file', () => {
    const text = lesson('\n```quiz id=q\nquestion: Q?\nchoices: [a, b]\nanswer: 5\n```\n');
    const d = parseLesson(text, 'l.md').diagnostics.find((x) => x.rule === 'quiz-answer-out-of-range');
    expect(d).toMatchObject({ file: 'l.md', line: 8, column: 9, cellId: 'q', severity: 'error' });
    expect(text.split('\n')[d!.line - 1]).toBe('answer: 5');
  });

  it('reports a stack cell broken by the stack rules at its line in the file', () => {
    const text = lesson('```stack id=s\nname: s\nlayers:\n  - { id: N1, kind: node, cpus: many }\n```\n');
    const d = parseLesson(text).diagnostics.find((x) => x.cellId === 's' && x.severity === 'error');
    expect(d?.line).toBe(7);
    expect(text.split('\n')[d!.line - 1]!.slice(d!.column - 1)).toMatch(/^many/);
  });

  it('refuses duplicate ids, unknown kinds, missing ids and bad references', () => {
    const text = lesson(
      [
        '```quiz id=a\nquestion: Q\nchoices: [x, y]\nanswer: 0\n```',
        '```quiz id=a\nquestion: Q\nchoices: [x, y]\nanswer: 0\n```',
        '```graph id=g\n```',
        '```vm\nmemoryMiB: 256\n```',
        '```scenario id=sc for=a\n- { at: 1, do: fail, target: N1 }\n```',
        '```scenario id=sc2\n- { at: 1, do: fail, target: N1 }\n```',
        '```exercise id=e objective=nope\ngoal: g\nstarts-from: missing\nexpect:\n  - { vm: { id: a, inspect: ls, expect: x, looksFor: a file } }\n```',
      ].join('\n\n'),
    );
    const r = rules(parseLesson(text).diagnostics);
    for (const rule of [
      'duplicate-cell-id',
      'unknown-cell-kind',
      'missing-cell-id',
      'unknown-stack-reference',
      'missing-for',
      'unknown-objective',
      'unknown-vm-reference',
    ]) {
      expect(r).toContain(rule);
    }
  });

  it('reports a checker command that would change the guest, and answer ids used twice', () => {
    const text = lesson(
      [
        '```vm id=g\nmemoryMiB: 256\n```',
        [
          '```exercise id=e',
          'goal: g',
          'expect:',
          '  - { vm: { id: g, inspect: "unshare -p -f sh -c \'echo $$\'", expect: "1", looksFor: a container } }',
          '  - { vm: { id: g, inspect: "readlink /proc/1/ns/pid 2>/dev/null", looksFor: a namespace } }',
          '  - { answer: { id: a, ask: Q } }',
          '  - { answer: { id: a, ask: Q2, number: 3, tolerance: 1 } }',
          '```',
        ].join('\n'),
      ].join('\n\n'),
    );
    const found = parseLesson(text).diagnostics.map((d) => `${d.line}:${d.rule}`);
    expect(found).toEqual(['8:exercise-without-objective', '11:inspection-changes-state', '14:duplicate-answer-id']);
  });

  it('reports an expect that reads both as a path and as a regular expression, with its cell and line', () => {
    const text = lesson(
      [
        '```vm id=g',
        'steps:',
        '  - { type: "ls -d /proc/1", expect: "/proc/1" }',
        '  - { type: "uname -r", expect: "/\\\\d+\\\\.\\\\d+/" }',
        '```',
        '',
        '```exercise id=e',
        'goal: g',
        'expect:',
        '  - { vm: { id: g, inspect: "ls -d /etc/", expect: "/etc/", looksFor: etc } }',
        '  - { vm: { id: g, inspect: "uname -r", expect: "/(/", looksFor: a kernel } }',
        '```',
      ].join('\n'),
    );
    const found = parseLesson(text, 'lessons/99-t.md').diagnostics.filter((d) => d.severity === 'error');
    expect(found.map((d) => `${d.file}:${d.line}:${d.column}:${d.rule}:${d.cellId}`)).toEqual([
      'lessons/99-t.md:6:39:ambiguous-expect:g',
      'lessons/99-t.md:13:53:ambiguous-expect:e',
      'lessons/99-t.md:14:50:invalid-regex:e',
    ]);
    expect(found[0]!.message).toMatch(/^in vm cell "g": "\/proc\/1" starts with "\/"/);
    expect(found[1]!.message).toMatch(/^in exercise "e": "\/etc\/" is read as a regular expression/);
  });

  it('validates answer fields: one grader at most, choices with their right one', () => {
    const text = lesson(
      [
        '```exercise id=e',
        'goal: g',
        'expect:',
        '  - { answer: { id: a, ask: Q, number: 3, keywords: [x] } }',
        '  - { answer: { id: b, ask: Q, choices: [x, y], correct: 2 } }',
        '  - { answer: { id: c, ask: Q, tolerance: 1 } }',
        '```',
      ].join('\n'),
    );
    const messages = parseLesson(text)
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => d.message);
    expect(messages).toEqual([
      expect.stringContaining('an answer is graded one way: give one of number, choices, keywords, vm (not number and keywords)'),
      expect.stringContaining('correct 2 is not the index of a choice'),
      expect.stringContaining('tolerance and unit go with number'),
    ]);
  });

  it('refuses an objective whose unquoted text a comma cut in two', () => {
    const text = lesson('# L\n', 'objectives:\n  - { id: o1, text: Run a stack, then read it }\n');
    const d = parseLesson(text).diagnostics.find((x) => x.rule === 'front-matter');
    expect(d?.message).toContain('quote a text that holds a comma');
  });

  it('requires an exercise for every objective, at the objective in the front matter', () => {
    const text = lesson('# L\n', 'objectives:\n  - { id: o1, text: One }\n');
    const d = parseLesson(text).diagnostics.find((x) => x.rule === 'objective-without-exercise');
    expect(d).toMatchObject({ line: 4, severity: 'error' });
  });

  it('checks seed variables: declared, used, and of a type that fits where they go', () => {
    const text = lesson(
      [
        '```exercise id=e1\ngoal: see ${seed.n} CPUs\nseed: { n: [8, twelve], unused: [1] }\nexpect:\n  - { view: w, cpus: { gte: "${seed.n}" } }\n```',
        '```exercise id=e2\ngoal: g\nexpect:\n  - { view: "${seed.app}" }\n```',
      ].join('\n\n'),
    );
    const found = parseLesson(text).diagnostics.map((d) => `${d.cellId}:${d.rule}`);
    expect(found).toContain('e1:invalid-seed-value');
    expect(found).toContain('e1:unused-seed-variable');
    expect(found).toContain('e2:unknown-seed-variable');
    expect(found.filter((f) => f.startsWith('e2:') && f !== 'e2:exercise-without-objective')).toEqual(['e2:unknown-seed-variable']);
  });

  it('names the predicate kinds when an expect entry is none of them', () => {
    const text = lesson('```exercise id=e\ngoal: g\nexpect:\n  - { frobnicate: 1 }\n```\n');
    const d = parseLesson(text).diagnostics.find((x) => x.rule === 'unknown-predicate');
    expect(d?.message).toContain('check, view, finding, layers, simulate, vm');
    expect(d?.line).toBe(7);
  });

  it('warns about unknown keys and names the nearest known one', () => {
    const text = lesson('```vm id=v\nmemoryMib: 256\n```\n');
    const d = parseLesson(text).diagnostics.find((x) => x.rule === 'unknown-key');
    expect(d).toMatchObject({ severity: 'warning', line: 5 });
    expect(d?.message).toContain('memoryMiB');
  });

  it('reports an unclosed cell and still returns a model', () => {
    const { lesson: model, diagnostics } = parseLesson(lesson('```script id=s\nconsole.log(1)\n'));
    expect(rules(diagnostics)).toContain('unclosed-cell');
    expect(model.cells.at(-1)).toMatchObject({ kind: 'script', id: 's', source: 'console.log(1)' });
  });

  it('reports a missing front matter and falls back to the first heading for the title', () => {
    const { lesson: model, diagnostics } = parseLesson('# Hello\n\ntext\n');
    expect(rules(diagnostics)).toContain('front-matter');
    expect(model.title).toBe('Hello');
    expect(model.frontMatter).toBeNull();
  });

  it('handles CRLF line ends with the same line numbers', () => {
    const text = lesson('\n```quiz id=q\nquestion: Q?\nchoices: [a, b]\nanswer: 5\n```\n').replace(/\n/g, '\r\n');
    expect(parseLesson(text).diagnostics.find((x) => x.rule === 'quiz-answer-out-of-range')?.line).toBe(8);
  });
  describe('stack rules in cells', () => {
    const ssiOnContainers = [
      'name: SSI on containers',
      'layers:',
      '  - { id: N1, kind: node, cpus: 2 }',
      '  - { id: os1, kind: os, on: N1 }',
      '  - { id: c1, kind: container, on: os1 }',
      '  - { id: c2, kind: container, on: os1 }',
      '  - { id: krg, kind: ssi, on: [c1, c2] }',
    ].join('\n');

    it('reports the stack rules a stack cell breaks', () => {
      const { diagnostics } = parseLesson(lesson('```stack id=s\n' + ssiOnContainers + '\n```\n'));
      expect(diagnostics.find((d) => d.rule === 'ssi-needs-own-kernel')).toMatchObject({ severity: 'error', line: 11, cellId: 's' });
    });

    it('accepts a finding the cell declares with expect=, and fails when it no longer fires', () => {
      const shown = parseLesson(lesson('```stack id=s expect=ssi-needs-own-kernel\n' + ssiOnContainers + '\n```\n'));
      expect(shown.diagnostics.filter((d) => d.rule === 'ssi-needs-own-kernel' || d.rule === 'expected-finding-missing')).toEqual([]);
      expect(shown.lesson.cells[0]).toMatchObject({ kind: 'stack', expects: ['ssi-needs-own-kernel'] });
      const valid = 'name: v\nlayers:\n  - { id: N1, kind: node }\n';
      const missing = parseLesson(lesson('```stack id=s expect=bt-in-bt\n' + valid + '```\n')).diagnostics;
      expect(missing.find((d) => d.rule === 'expected-finding-missing')).toMatchObject({ severity: 'error', line: 4 });
    });

    it('checks a scenario against its stack and points at the scenario line', () => {
      const stack = 'name: v\nlayers:\n  - { id: N1, kind: node }\n  - { id: N2, kind: node }\n';
      const text = lesson(
        '```stack id=s\n' + stack + '```\n\n```scenario id=sc for=s\n- { at: 5, do: fail, target: N2 }\n- { at: 9, do: fail, target: N7 }\n```\n',
      );
      const found = parseLesson(text).diagnostics.filter((d) => d.cellId === 'sc' && d.severity === 'error');
      expect(found).toHaveLength(1);
      expect(found[0]?.line).toBe(13);
      expect(text.split('\n')[found[0]!.line - 1]!.slice(found[0]!.column - 1)).toMatch(/^N7/);
    });

    it('warns when a finding predicate names no rule of the checker', () => {
      const text = lesson('```exercise id=e\ngoal: g\nexpect:\n  - { finding: no-such-rule }\n```\n');
      expect(parseLesson(text).diagnostics.find((d) => d.rule === 'unknown-rule')).toMatchObject({ line: 7, severity: 'warning' });
    });
  });
});

describe('objectivesMet', () => {
  it('meets an objective once every exercise naming it has passed', () => {
    const text = lesson(
      ['e1 objective=a', 'e2 objective=a', 'e3 objective=b']
        .map((head) => `\`\`\`exercise id=${head}\ngoal: g\nexpect:\n  - { check: valid }\n\`\`\`\n`)
        .join('\n'),
      'objectives:\n  - { id: a, text: A }\n  - { id: b, text: B }\n  - { id: c, text: C }\n',
    );
    const { lesson: model } = parseLesson(text);
    expect(objectivesMet(model, ['e1'])).toEqual([]);
    expect(objectivesMet(model, ['e1', 'e2'])).toEqual(['a']);
    expect(objectivesMet(model, new Set(['e3', 'e2', 'e1']))).toEqual(['a', 'b']);
  });
});
