import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkStack, stackToYaml } from '../../../../src/core/stack';
import { stackOf } from '../../../../src/core/stack/stackParser';
import { readWithYamlLibrary } from '../../../../src/core/stack/yamlLibraryReader';
import { readYamlSubset, type ReadYaml } from '../../../../src/core/stack/yamlSubset';
import { generateStack } from '../../../bench/stackCheck.bench';

const runs = { numRuns: 400 };

/** Characters that mean something somewhere in YAML, and some that only look harmless. */
const tricky = [...'aZ09 _-.:#,[]{}\'"!&*|>%@`?~/\\()é€', '😀', '\u00a0', '\u2028', '\u0085', '\r', '\t', '\n'];

const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,6}$/);
const word = fc.constantFrom('null', 'Null', 'NULL', '~', 'true', 'False', 'TRUE', 'yes', 'no', 'on', 'y', '__proto__', 'constructor', '<<');
const number = fc.constantFrom(
  '0',
  '-0',
  '42',
  '+12',
  '007',
  '0x1F',
  '0o17',
  '0b11',
  '1_000',
  '.5',
  '-.5',
  '1.',
  '1.50',
  '1e3',
  '-2.5E-3',
  '.inf',
  '-.Inf',
  '+.INF',
  '.nan',
  '.NaN',
  '1e',
  '1.2.3',
  '12abc',
  '-',
  '--x',
  '.',
  '...',
  '---',
);
const trickyText = fc.string({ unit: fc.constantFrom(...tricky), minLength: 1, maxLength: 6 });

/**
 * Documents in the shape of stack files. `wild` (weight of the odd choices) mixes in
 * every YAML indicator, odd spacing and comments; at 0 most documents stay in the subset.
 */
function documents(wild: number) {
  /** fc.oneof without the choices of weight 0. */
  const oneof = <T>(...choices: Array<{ weight: number; arbitrary: fc.Arbitrary<T> }>) => fc.oneof(...choices.filter((c) => c.weight > 0));
  const plain = oneof(
    { weight: 12, arbitrary: identifier },
    { weight: Math.max(wild, 1), arbitrary: word },
    { weight: 1 + wild, arbitrary: number },
    { weight: wild, arbitrary: trickyText },
    { weight: 2, arbitrary: fc.tuple(identifier, identifier).map(([a, b]) => `${a} ${b}`) },
  );
  const quoted = oneof(
    { weight: 1, arbitrary: identifier.map((t) => `"${t}"`) },
    { weight: 1, arbitrary: fc.constant("'it''s'") },
    { weight: wild, arbitrary: trickyText.map((t) => `"${t}"`) },
    { weight: wild, arbitrary: trickyText.map((t) => `'${t}'`) },
  );
  const scalar = fc.oneof({ weight: 6, arbitrary: plain }, { weight: 1, arbitrary: quoted });
  const key = oneof(
    { weight: 12, arbitrary: fc.constantFrom('id', 'kind', 'on', 'cpus', 'name', 'layers') },
    { weight: 4, arbitrary: identifier },
    { weight: wild, arbitrary: word },
    { weight: wild, arbitrary: trickyText },
  );
  /** Entries with distinct keys, except in wild documents. */
  const entries = <T>(arb: fc.Arbitrary<[string, ...T[]]>, constraints: { minLength?: number; maxLength: number }) =>
    wild > 1 ? fc.array(arb, constraints) : fc.uniqueArray(arb, { ...constraints, selector: (e) => e[0] });
  const odd = <T>(usual: T, ...others: T[]) =>
    oneof({ weight: 8, arbitrary: fc.constant(usual) }, { weight: wild, arbitrary: fc.constantFrom(usual, ...others) });
  const gap = odd(' ', '', '  ');
  const comment = odd('', ' # note', '  #: {x}', '# tight', ' #');
  const colon = odd(': ', ':  ', ':', ' : ');

  const flowSeq = fc
    .tuple(gap, fc.array(fc.oneof({ weight: 4, arbitrary: scalar }, fc.constant('{a: 1}')), { maxLength: 3 }), odd(' ', '', '  '), fc.boolean())
    .map(([g, items, g2, trailing]) => `[${g}${items.join(`,${g2}`)}${trailing && items.length > 0 ? ',' : ''}${g}]`);
  const flowValue = fc.oneof({ weight: 4, arbitrary: scalar }, flowSeq);
  const flowMap = fc
    .tuple(gap, entries(fc.tuple(key, colon, flowValue), { maxLength: 5 }), fc.boolean())
    .map(([g, pairs, trailing]) => `{${g}${pairs.map(([k, c, v]) => `${k}${c}${v}`).join(', ')}${trailing && pairs.length > 0 ? ', ' : ''}${g}}`);
  const inlineValue = fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 3, arbitrary: flowMap }, flowSeq);

  /** A block sequence at `indent`: flow mappings, scalars, or mappings opened on the dash's line. */
  const blockSeq = (indent: number): fc.Arbitrary<string[]> => {
    const pad = ' '.repeat(indent);
    const item = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(odd(' ', '  '), inlineValue, comment).map(([sp, v, c]) => [`${pad}-${sp}${v}${c}`]) },
      fc
        .tuple(entries(fc.tuple(key, inlineValue), { minLength: 1, maxLength: 3 }), odd(2, 3))
        .map(([pairs, step]) => pairs.map(([k, v], i) => `${i === 0 ? `${pad}-${' '.repeat(step - 1)}` : ' '.repeat(indent + step)}${k}: ${v}`)),
    );
    return fc.array(item, { minLength: 1, maxLength: 4 }).map((items) => items.flat());
  };

  /** A block mapping at `indent` whose values may be sequences or mappings on the next lines. */
  const blockMap = (indent: number, depth: number): fc.Arbitrary<string[]> => {
    const pad = ' '.repeat(indent);
    const entry = (k: string): fc.Arbitrary<string[]> => {
      const choices: Array<fc.Arbitrary<string[]>> = [fc.tuple(odd(' ', '  '), inlineValue, comment).map(([sp, v, c]) => [`${pad}${k}:${sp}${v}${c}`])];
      if (depth > 0) {
        choices.push(fc.tuple(comment, odd(2, 0, 4, 1)).chain(([c, step]) => blockSeq(indent + step).map((lines) => [`${pad}${k}:${c}`, ...lines])));
        choices.push(odd(2, 4).chain((step) => blockMap(indent + step, depth - 1).map((lines) => [`${pad}${k}:`, ...lines])));
      }
      return fc.oneof(...choices);
    };
    const keys = wild > 1 ? fc.array(key, { minLength: 1, maxLength: 4 }) : fc.uniqueArray(key, { minLength: 1, maxLength: 4 });
    return keys.chain((ks) => fc.tuple(...ks.map(entry))).map((e) => e.flat());
  };

  /** A whole document: a block mapping with blank and comment lines between, LF or CRLF, with or without a final line break. */
  return fc
    .tuple(blockMap(0, 2), fc.array(fc.constantFrom('', '# a comment', '   ', '  # indented comment'), { maxLength: 2 }), fc.nat(), fc.boolean(), fc.boolean())
    .map(([lines, extras, where, crlf, finalBreak]) => {
      const all = [...lines];
      for (const extra of extras) all.splice(where % (all.length + 1), 0, extra);
      const eol = crlf ? '\r\n' : '\n';
      return all.join(eol) + (finalBreak ? eol : '');
    });
}

const tame = documents(0);
const wild = documents(4);

/** A document with one character inserted, deleted or replaced somewhere. */
const mutated = fc.tuple(tame, fc.nat(), fc.constantFrom(...tricky), fc.constantFrom('insert', 'delete', 'replace')).map(([text, n, c, how]) => {
  const at = n % (text.length + 1);
  if (how === 'insert') return text.slice(0, at) + c + text.slice(at);
  return text.slice(0, at) + (how === 'replace' ? c : '') + text.slice(at + 1);
});

/** Asserts that wherever the subset reader answers, it answers exactly as the yaml library. */
function sameAsLibrary(text: string): ReadYaml | undefined {
  const fast = readYamlSubset(text);
  if (!fast) return undefined;
  const library = readWithYamlLibrary(text);
  expect(library, `the yaml library finds errors in a text the subset reader read:\n${text}`).not.toHaveProperty('findings');
  const read = library as ReadYaml;
  expect(fast.value).toEqual(read.value);
  expect(new Map(fast.positions)).toEqual(read.positions);
  for (const [p, at] of read.positions) expect(fast.positions.get(p)).toEqual(at);
  expect(fast.positions.get('layers.99999.nope')).toBeUndefined();
  return fast;
}

describe('readYamlSubset', () => {
  it('reads what it accepts exactly as the yaml library does: values and every position', () => {
    let accepted = 0;
    fc.assert(
      fc.property(tame, (text) => {
        if (sameAsLibrary(text)) accepted++;
      }),
      runs,
    );
    // The generator aims at the subset; most of its documents must take the fast path, or this test proves little.
    expect(accepted).toBeGreaterThan(runs.numRuns / 4);
  });

  it('reads documents full of YAML indicators and odd spacing as the yaml library does, or leaves them to it', () => {
    fc.assert(
      fc.property(wild, (text) => void sameAsLibrary(text)),
      runs,
    );
  });

  it('leaves a text broken by one character to the yaml library, or reads it as the library does', () => {
    fc.assert(
      fc.property(mutated, (text) => void sameAsLibrary(text)),
      runs,
    );
  });

  it('gives the same findings, at the same positions, as the yaml library', () => {
    fc.assert(
      fc.property(tame, (text) => {
        const fast = readYamlSubset(text);
        if (fast) expect(stackOf(fast)).toEqual({ ...stackOf(readWithYamlLibrary(text)), positions: expect.anything() });
      }),
      runs,
    );
  });

  it('puts the findings of a large stack with mistakes in its layers where the yaml library puts them', () => {
    const lines = stackToYaml(generateStack(600)).split('\n');
    const after = (from: number, text: string): number => lines.findIndex((l, i) => i >= from && l.includes(text));
    // A misspelt key, a wrong type, a reference to no layer and a wrong kind, deep in the file.
    const node = after(40, 'kind: node');
    const vm = after(120, 'vcpus: 2');
    const xen = after(300, 'product: xen, on: ');
    const other = after(450, 'kind: vm');
    lines[node] = lines[node]!.replace('kind: node', 'kind: node, cpu: 4');
    lines[vm] = lines[vm]!.replace('vcpus: 2', 'vcpus: "2"');
    lines[xen] = lines[xen]!.replace(/on: ([\w-]+) \}/, 'on: [$1, nowhere] }');
    lines[other] = lines[other]!.replace('kind: vm', 'kind: cloud');
    const text = lines.join('\n');
    const fast = readYamlSubset(text);
    expect(fast).toBeDefined();
    const library = stackOf(readWithYamlLibrary(text));
    const parsed = stackOf(fast!);
    expect(parsed.findings).toEqual(library.findings);
    expect(parsed.findings.map((f) => [f.rule, f.line])).toEqual(
      expect.arrayContaining([
        ['unknown-key', node + 1],
        ['wrong-type', vm + 1],
        ['invalid-value', other + 1],
      ]),
    );
    // The same stack without the unparsable layers checks to the same findings at the same places.
    lines[vm] = lines[vm]!.replace('vcpus: "2"', 'vcpus: 2');
    lines[other] = lines[other]!.replace('kind: cloud', 'kind: vm');
    const valid = lines.join('\n');
    const fastValid = stackOf(readYamlSubset(valid)!);
    const libraryValid = stackOf(readWithYamlLibrary(valid));
    expect(checkStack(fastValid.stack!, fastValid.positions).findings).toEqual(checkStack(libraryValid.stack!, libraryValid.positions).findings);
    expect(checkStack(fastValid.stack!, fastValid.positions).findings.find((f) => f.rule === 'unknown-id')).toMatchObject({ line: xen + 1 });
  });

  it('reads every stack the builder writes, and the generated benchmark stack', () => {
    const text = stackToYaml(generateStack(2_000));
    expect(sameAsLibrary(text)).toBeDefined();
    expect(
      sameAsLibrary(`# a student's stack\nname: "it's mine"\n\nlayers:\n- {id: N1, kind: node, cpus: 2}   # the node\n- id: os1\n  kind: os\n  on: N1\n`),
    ).toBeDefined();
  });

  it('reads the presets without a description, which is a folded block scalar left to the yaml library', () => {
    const dir = path.resolve(import.meta.dirname, '../../../../assets/presets');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.stack.yaml'))) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const withDescription = /^description: >/m.test(text);
      expect(readYamlSubset(text) === undefined, file).toBe(withDescription);
      expect(sameAsLibrary(text.replace(/^description: >-?\n(?: {2}.*\n)+/m, 'description: the slide\n')), file).toBeDefined();
    }
  });

  it('leaves to the yaml library what is outside the subset', () => {
    for (const text of [
      '',
      '# only a comment\n',
      '- a\n- b\n',
      '  name: indented\n',
      'name: &a x\nother: *a\n',
      'name: !!str 1\n',
      'name: |\n  text\n',
      'name: a\n  continued\n',
      'name:\n',
      'name: x\nname: y\n',
      'layers:\n  - { id: a,\n      kind: node }\n',
      '---\nname: x\n',
      'name: x\n...\n',
      '"quoted key": 1\n',
      'name: "a\\tb"\n',
      'name:\tx\n',
      'a: b: c\n',
      'layers:\n  - - nested\n',
      'x: {a: 1}#c\n',
    ]) {
      expect(readYamlSubset(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});
