import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Stack, stackToYaml } from '../../../../src/core/stack';
import { withFastPath } from '../../../../src/core/stack/schemaFastPath';
import { readYamlSubset } from '../../../../src/core/stack/yamlSubset';
import { generateStack } from '../../../bench/stackCheck.bench';

/*
 * The parser validates with `withFastPath(Stack)` instead of `Stack.safeParse`, and reads
 * only the result's success, data and issues; so when the two results are equal for every
 * value, the parse gives the same stack and the same findings (rule, message, line and
 * column) whichever of them validated it.
 */

const runs = { numRuns: 600 };
const fast = withFastPath(Stack);

/** Objects as lists of [key, value] pairs, so an equality also compares the order of keys. */
function ordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(ordered);
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => [k, ordered(x)]);
  return v;
}

const validId = fc.constantFrom('n1', 'x', 'vm_2', 'a-b', 'N0_0_xen');
const badId = fc.constantFrom('', 'a b', 'é', 'x.y', 'a:b');
const id = fc.oneof({ weight: 6, arbitrary: validId }, { weight: 1, arbitrary: badId });
const number = fc.constantFrom(1, 2, 8, 512, 0.5, 1.5, 0, -0, -1, 1e300, Number.MAX_SAFE_INTEGER, 2 ** 53, NaN, Infinity, -Infinity);
const word = fc.constantFrom(
  'xen',
  'kvm',
  'qemu',
  'vsmp',
  'vmware-esx',
  'linux',
  'windows',
  'dom0',
  'kerrighed',
  'lxc',
  'apache',
  'mrbayes',
  'x86_64',
  'ppc',
  'pv',
  'hw',
  'emulation',
  'rennes',
  '',
);
const kind = fc.constantFrom('node', 'hypervisor', 'vm', 'os', 'ssi', 'container', 'app', 'Node', 'disk', '');
/** Anything a file can hold, and some things it cannot (undefined, nested objects). */
const anything: fc.Arbitrary<unknown> = fc.oneof(
  number,
  word,
  id,
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(id, { maxLength: 3 }),
  fc.constant({ a: 1 }),
  fc.constant([1]),
);

/** A value for a layer's key: mostly one of the right type, sometimes anything. */
function field(usual: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 8, arbitrary: usual }, { weight: 1, arbitrary: anything });
}

const layer = fc.record(
  {
    id: field(id),
    kind: field(kind),
    on: field(fc.oneof(validId, fc.array(id, { maxLength: 3 }))),
    product: field(word),
    workload: field(word),
    role: field(word),
    technique: field(word),
    arch: field(word),
    site: field(word),
    cpus: field(number),
    vcpus: field(number),
    memoryMiB: field(number),
    speed: field(number),
    processes: field(number),
    cpuSeconds: field(number),
    jobs: field(number),
    requestsPerSecond: field(number),
    dirtyRateMiBps: field(number),
    virtExtensions: field(fc.boolean()),
    extra: anything,
  },
  { requiredKeys: [] },
);

const count = fc.constantFrom(1, 2, 4, 8);
const amount = fc.constantFrom(0.5, 1, 64, 2048);
const on = fc.oneof(validId, fc.array(validId, { minLength: 1, maxLength: 3 }));
/** Valid layers of each kind, their optional keys present or not. */
const validLayer = fc.oneof(
  fc.record(
    {
      id: validId,
      kind: fc.constant('node'),
      cpus: count,
      memoryMiB: amount,
      arch: fc.constantFrom('x86_64', 'ppc'),
      virtExtensions: fc.boolean(),
      speed: amount,
      site: fc.constantFrom('rennes', 'sophia'),
    },
    { requiredKeys: ['id', 'kind'] },
  ),
  fc.record(
    {
      id: validId,
      kind: fc.constant('hypervisor'),
      product: fc.constantFrom('xen', 'kvm', 'qemu', 'vsmp'),
      technique: fc.constantFrom('hw', 'pv', 'bt', 'emulation'),
      on,
    },
    { requiredKeys: ['id', 'kind', 'product'] },
  ),
  fc.record(
    {
      id: validId,
      kind: fc.constant('vm'),
      vcpus: count,
      memoryMiB: amount,
      arch: fc.constantFrom('i386', 'arm'),
      virtExtensions: fc.boolean(),
      dirtyRateMiBps: amount,
      on,
    },
    { requiredKeys: ['id', 'kind'] },
  ),
  fc.record(
    { id: validId, kind: fc.constant('os'), product: fc.constantFrom('linux', 'macos'), role: fc.constant('dom0'), on },
    { requiredKeys: ['id', 'kind'] },
  ),
  fc.record({ id: validId, kind: fc.constant('ssi'), product: fc.constantFrom('kerrighed', 'openssi'), on }, { requiredKeys: ['id', 'kind'] }),
  fc.record(
    { id: validId, kind: fc.constant('container'), product: fc.constantFrom('lxc', 'docker'), cpus: amount, memoryMiB: amount, on },
    { requiredKeys: ['id', 'kind'] },
  ),
  fc.record(
    {
      id: validId,
      kind: fc.constant('app'),
      workload: fc.constantFrom('apache', 'custom'),
      processes: count,
      cpuSeconds: amount,
      memoryMiB: amount,
      jobs: count,
      requestsPerSecond: amount,
      dirtyRateMiBps: fc.constantFrom(0, 1.5),
      on,
    },
    { requiredKeys: ['id', 'kind', 'workload'] },
  ),
);

/** A valid layer with one key set to anything (or added). */
const mutatedLayer = fc
  .tuple(validLayer, fc.constantFrom('id', 'kind', 'on', 'product', 'cpus', 'memoryMiB', 'arch', 'role', 'processes', 'virtExtensions', 'extra'), anything)
  .map(([l, key, v]) => ({ ...l, [key]: v }));

/** Mostly a valid layer, sometimes one with a wrong value, now and then anything where a layer should be. */
const layerish = fc.oneof(
  { weight: 20, arbitrary: validLayer },
  { weight: 3, arbitrary: mutatedLayer },
  { weight: 1, arbitrary: layer },
  { weight: 1, arbitrary: anything },
);

const step = fc.record(
  {
    at: field(number),
    do: field(fc.constantFrom('migrate', 'suspend', 'fail', 'add-node', 'rewind-point', 'jump')),
    target: field(id),
    to: field(id),
    name: field(fc.constantFrom('before', ' padded ', '')),
    layers: field(fc.array(layerish, { maxLength: 2 })),
  },
  { requiredKeys: [] },
);

/** Anything in the shape of a stack: most are invalid somewhere. */
const anyStack = fc.record(
  {
    name: field(fc.constantFrom('demo', '', 'x y')),
    description: field(fc.constantFrom('what it shows', '')),
    network: field(fc.record({ lanMbps: field(number), wanLatencyMs: field(number), other: anything }, { requiredKeys: [] })),
    layers: field(fc.array(layerish, { maxLength: 6 })),
    scenario: field(fc.array(step, { maxLength: 2 })),
  },
  { requiredKeys: [] },
);

/** Stacks that are mostly valid, so the fast path is taken often and a wrong value is one among valid ones. */
const likelyStack = fc.record(
  {
    name: fc.constantFrom('demo', 'x y'),
    network: fc.record({ lanMbps: amount, wanLatencyMs: fc.constantFrom(0, 20) }, { requiredKeys: [] }),
    layers: fc.array(layerish, { maxLength: 5 }),
  },
  { requiredKeys: ['name', 'layers'] },
);

const stack = fc.oneof(anyStack, likelyStack);

describe('the stack schema fast path', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('gives what zod gives for any value: the same accept or reject, data in the same key order, the same issues', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(stack, anything), (value) => {
        const expected = Stack.safeParse(value);
        if (expected.success) accepted++;
        const got = fast(value);
        expect(got.success).toBe(expected.success);
        expect(ordered(got.data)).toStrictEqual(ordered(expected.data));
        expect(got.error?.issues).toStrictEqual(expected.error?.issues);
      }),
      runs,
    );
    // Both outcomes are tried many times (about a quarter of the values are valid stacks).
    expect(accepted).toBeGreaterThan(runs.numRuns / 10);
    expect(accepted).toBeLessThan((runs.numRuns * 4) / 5);
  });

  it('leaves every stack zod rejects to zod, so its issues and the findings made of them are zod’s', () => {
    const zod = vi.spyOn(Stack, 'safeParse');
    fc.assert(
      fc.property(stack, (value) => {
        zod.mockClear();
        const result = fast(value);
        if (!result.success) expect(zod).toHaveBeenCalledTimes(1);
      }),
      runs,
    );
  });

  it('validates the usual stack without zod: flow-mapping layers of every kind, with and without defaults', () => {
    const zod = vi.spyOn(Stack, 'safeParse');
    const generated = stackToYaml(generateStack(300));
    const read = readYamlSubset(generated);
    expect(read).toBeDefined();
    const result = fast(read?.value);
    expect(result.success).toBe(true);
    expect(zod).not.toHaveBeenCalled();
    expect(ordered(result.data)).toStrictEqual(ordered(Stack.safeParse(read?.value).data));

    zod.mockClear();
    const text = [
      'name: every kind',
      'network: { lanMbps: 100 }',
      'layers:',
      '  - { id: n1, kind: node, cpus: 4, memoryMiB: 8192, arch: x86_64, virtExtensions: false, speed: 1.5, site: rennes }',
      '  - { id: n2, kind: node }',
      '  - { id: v, kind: hypervisor, product: vsmp, on: [n1, n2] }',
      '  - { id: h, kind: hypervisor, product: kvm, technique: hw, on: os0 }',
      '  - { id: os0, kind: os, product: linux, on: v }',
      '  - { id: vm1, kind: vm, vcpus: 2, memoryMiB: 1024, arch: i386, virtExtensions: true, dirtyRateMiBps: 0, on: h }',
      '  - { id: s, kind: ssi, product: mosix, on: [vm1] }',
      '  - { id: c, kind: container, product: docker, cpus: 0.5, memoryMiB: 64, on: s }',
      '  - { id: a, kind: app, workload: kernel-make, jobs: 4, processes: 2, cpuSeconds: 3, memoryMiB: 10, requestsPerSecond: 5, on: c }',
      'scenario:',
      '  - { at: 1, do: migrate, target: vm1, to: h }',
      '  - { at: 2, do: fail, target: n2 }',
    ].join('\n');
    const everyKind = fast(readYamlSubset(text)?.value);
    expect(everyKind.success).toBe(true);
    expect(zod).not.toHaveBeenCalled();
  });
});
