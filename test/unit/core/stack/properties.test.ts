import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Stack, checkStack, checkStackText, parseStack, stackToYaml, type Finding, type LayerInput } from '../../../../src/core/stack';

// Modest run counts: the machine's two cores are shared with the rest of the suite.
const runs = { numRuns: 150 };

const kinds = ['node', 'hypervisor', 'vm', 'os', 'ssi', 'container', 'app'] as const;
const hypervisors = ['xen', 'vmware-esx', 'vsmp', 'vmware-workstation', 'virtualbox', 'kvm', 'qemu'] as const;

/** One layer `L<i>` of any kind, standing on ids among L0..L<size> (so sometimes on itself, above, or on no layer at all). */
function layerArb(i: number, size: number): fc.Arbitrary<LayerInput> {
  const ref = fc.integer({ min: 0, max: size }).map((n) => `L${n}`);
  const on = fc.oneof(ref, fc.array(ref, { minLength: 0, maxLength: 3 }));
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      on: fc.option(on, { nil: undefined, freq: 6 }),
      product: fc.constantFrom(...hypervisors),
      technique: fc.option(fc.constantFrom('hw', 'bt', 'pv', 'emulation' as const), { nil: undefined }),
      os: fc.constantFrom('linux', 'windows', 'macos' as const),
      arch: fc.constantFrom('x86_64', 'i386', 'ppc' as const),
      n: fc.integer({ min: 1, max: 8 }),
      flag: fc.boolean(),
      dom0: fc.boolean(),
    })
    .map(({ kind, on, product, technique, os, arch, n, flag, dom0 }): LayerInput => {
      const id = `L${i}`;
      switch (kind) {
        case 'node':
          return { id, kind, cpus: n, memoryMiB: n * 512, arch, virtExtensions: flag, ...(flag ? {} : { on }) };
        case 'hypervisor':
          return { id, kind, product, technique, on };
        case 'vm':
          return { id, kind, vcpus: n, memoryMiB: n * 256, virtExtensions: flag, ...(dom0 ? { arch } : {}), on };
        case 'os':
          return { id, kind, product: os, ...(dom0 ? { role: 'dom0' as const } : {}), on };
        case 'ssi':
          return { id, kind, on };
        case 'container':
          return { id, kind, ...(flag ? { cpus: n } : {}), on };
        case 'app':
          return { id, kind, workload: 'mrbayes', on };
      }
    });
}

/** Scenario steps naming ids among L0..L<size>, with every verb's shape. */
function scenarioArb(size: number) {
  const ref = fc.integer({ min: 0, max: size }).map((n) => `L${n}`);
  const at = fc.integer({ min: 0, max: 100 });
  return fc.array(
    fc.oneof(
      fc.record({ at, do: fc.constantFrom('fail', 'remove-node', 'suspend', 'resume', 'checkpoint' as const), target: ref }),
      fc.record({ at, do: fc.constant('migrate' as const), target: ref, to: ref }),
      fc.record({ at, do: fc.constant('restart' as const), target: ref, to: fc.option(ref, { nil: undefined }) }),
      fc.record({
        at,
        do: fc.constant('add-node' as const),
        layers: fc.constant([{ id: `L${size + 1}`, kind: 'node' as const }]),
        join: fc.option(ref, { nil: undefined }),
      }),
    ),
    { maxLength: 3 },
  );
}

const stackArb: fc.Arbitrary<Stack> = fc
  .integer({ min: 1, max: 14 })
  .chain((size) =>
    fc.record({
      layers: fc.tuple(...Array.from({ length: size }, (_, i) => layerArb(i, size))),
      description: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
      network: fc.option(fc.record({ lanMbps: fc.integer({ min: 1, max: 10_000 }), wanLatencyMs: fc.integer({ min: 0, max: 200 }) }), { nil: undefined }),
      scenario: fc.option(scenarioArb(size), { nil: undefined }),
    }),
  )
  .map(({ layers, description, network, scenario }) => Stack.parse({ name: 'generated', layers, description, network, scenario }));

/** Findings as a sorted list of what they say, positions aside. */
function verdict(findings: Finding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.rule} ${f.layer ?? '-'}: ${f.message}`).sort();
}

describe('checking generated stacks', () => {
  it('never throws and always classifies every layer', () => {
    fc.assert(
      fc.property(stackArb, (stack) => {
        const result = checkStack(stack);
        expect(Object.keys(result.classes).sort()).toEqual([...new Set(stack.layers.map((l) => l.id))].sort());
        expect(result.valid).toBe(!result.findings.some((f) => f.severity === 'error'));
      }),
      runs,
    );
  });

  it('gives the same verdict and findings whatever the order of the layers', () => {
    fc.assert(
      fc.property(stackArb, fc.integer(), (stack, seed) => {
        const shuffled = {
          ...stack,
          layers: fc.sample(fc.shuffledSubarray(stack.layers, { minLength: stack.layers.length }), { numRuns: 1, seed })[0] ?? stack.layers,
        };
        const a = checkStack(stack);
        const b = checkStack(shuffled);
        expect(b.valid).toBe(a.valid);
        expect(verdict(b.findings)).toEqual(verdict(a.findings));
      }),
      runs,
    );
  });

  it('gives the same findings when a member of two SSIs comes before or after them (the counterexample CI found)', () => {
    // os1 is wrongly in two SSIs; the container on it saw the capacity of whichever SSI came
    // first in the file (1 CPU in `small`, 5 in `big`), so its cap of 3 CPUs was over its
    // kernel's in one order and within it in the other; the app in it saw 1 CPU or 3.
    const layers: LayerInput[] = [
      { id: 'n1', kind: 'node', cpus: 1, memoryMiB: 512 },
      { id: 'n2', kind: 'node', cpus: 4, memoryMiB: 4096 },
      { id: 'os1', kind: 'os', product: 'linux', on: 'n1' },
      { id: 'os2', kind: 'os', product: 'linux', on: 'n2' },
      { id: 'big', kind: 'ssi', on: ['os1', 'os2'] },
      { id: 'small', kind: 'ssi', on: 'os1' },
      { id: 'c', kind: 'container', cpus: 3, on: 'os1' },
      { id: 'a', kind: 'app', workload: 'mrbayes', on: 'c' },
    ];
    const swapped = [layers[0], layers[1], layers[2], layers[3], layers[5], layers[4], layers[6], layers[7]] as LayerInput[];
    const a = checkStack(Stack.parse({ name: 'in order', layers }));
    const b = checkStack(Stack.parse({ name: 'swapped', layers: swapped }));
    expect(verdict(a.findings)).toContain('error ssi-member-shared os1: os1 is a member of 2 SSIs (big and small); each member belongs to one SSI');
    expect(verdict(b.findings)).toEqual(verdict(a.findings));
    expect(b.views).toEqual(a.views);
  });

  it('writes every stack as YAML that parses back to the same model and the same verdict', () => {
    fc.assert(
      fc.property(stackArb, (stack) => {
        const parsed = parseStack(stackToYaml(stack));
        expect(parsed.stack).toEqual(stack);
        expect(verdict(checkStack(parsed.stack!).findings)).toEqual(verdict(checkStack(stack).findings));
      }),
      runs,
    );
  });

  it('never throws on arbitrary text, and positions every error it finds', () => {
    const yamlish = fc.stringMatching(/^[a-z:{}[\],\-\n "0-9]{0,80}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), yamlish), (text) => {
        const result = checkStackText(text);
        for (const f of result.findings.filter((x) => x.severity === 'error')) {
          expect(f.line).toBeGreaterThan(0);
          expect(f.column).toBeGreaterThan(0);
        }
      }),
      runs,
    );
  });

  it('terminates quickly on a long chain of nested containers', () => {
    const layers: LayerInput[] = [
      { id: 'N', kind: 'node' },
      { id: 'os', kind: 'os', on: 'N' },
    ];
    for (let i = 0; i < 5000; i++) layers.push({ id: `c${i}`, kind: 'container', on: i === 0 ? 'os' : `c${i - 1}` });
    layers.push({ id: 'a', kind: 'app', workload: 'custom', on: 'c4999' });
    const result = checkStack(Stack.parse({ name: 'deep', layers }));
    expect(result.valid).toBe(true);
    expect(result.views.a?.kernel).toBe('os');
  });
});
