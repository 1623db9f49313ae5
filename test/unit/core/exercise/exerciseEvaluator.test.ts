import { describe, expect, it } from 'vitest';
import { ambiguousExpect, evaluateExercise, evaluatePredicate, exerciseNeeds, outputMatches, type CheckInput } from '../../../../src/core/exercise';
import type { Exercise, Predicate } from '../../../../src/core/lesson';

const check: CheckInput = {
  valid: true,
  findings: [{ severity: 'warning', rule: 'overcommit', layer: 'N1', message: 'too many vCPUs' }],
  classes: { N1: 'hardware', N2: 'hardware', ssi: 'ssi-aggregate', c1: 'os-virtualization', web: 'application', db: 'application' },
  views: {
    web: { cpus: 8, memoryMiB: 4096, arch: 'x86_64', kernel: 'ssi', sharesKernelWith: ['db'], failureDomains: ['N1', 'N2'] },
    db: { cpus: 8, memoryMiB: 4096, arch: 'x86_64', kernel: 'ssi', sharesKernelWith: ['web'], failureDomains: ['N1', 'N2'] },
  },
};

function one(p: Predicate, ctx: Parameters<typeof evaluatePredicate>[2] = { check }) {
  return evaluatePredicate(p, 0, ctx);
}

describe('evaluatePredicate', () => {
  it('says what an app sees and what it needs', () => {
    const r = one({ view: 'web', cpus: { gte: 12 } });
    expect(r).toEqual({ index: 0, kind: 'view', status: 'fail', message: 'web sees 8 CPUs, needs at least 12' });
    expect(one({ view: 'web', cpus: { gte: 8, lte: 8 }, memoryMiB: { eq: 4096 }, failureDomains: { eq: 2 } }).status).toBe('pass');
  });

  it('checks kernels shared and kept apart', () => {
    expect(one({ view: 'web', sharesKernelWith: ['db'] }).status).toBe('pass');
    expect(one({ view: 'web', isolatedFrom: ['db'] })).toMatchObject({ status: 'fail', message: 'web shares its kernel with db, and should not' });
    expect(one({ view: 'web', kernel: 'os1' }).message).toBe('web runs on the kernel of ssi, needs os1');
  });

  it('fails on an app the stack does not have', () => {
    expect(one({ view: 'nope', cpus: { gte: 1 } })).toMatchObject({ status: 'fail', message: 'there is no app "nope" in the stack' });
  });

  it('checks validity both ways', () => {
    const invalid: CheckInput = {
      ...check,
      valid: false,
      findings: [{ severity: 'error', rule: 'ssi-needs-own-kernel', layer: 'ssi', message: 'containers have no kernel' }],
    };
    expect(one({ check: 'valid' }).status).toBe('pass');
    expect(one({ check: 'valid' }, { check: invalid })).toMatchObject({ status: 'fail', message: 'the stack is not valid: containers have no kernel' });
    expect(one({ check: 'invalid' }, { check: invalid }).status).toBe('pass');
  });

  it('looks for findings by rule and layer', () => {
    expect(one({ finding: 'overcommit', present: true }).status).toBe('pass');
    expect(one({ finding: 'overcommit', present: true, layer: 'N2' }).status).toBe('fail');
    expect(one({ finding: 'overcommit', present: false }).message).toBe('the rules still report overcommit: too many vCPUs');
  });

  it('counts layers of a class', () => {
    expect(one({ layers: { class: 'hardware' }, count: { eq: 2 } }).status).toBe('pass');
    expect(one({ layers: { class: 'virtual-hardware' }, count: { gte: 3 } }).message).toBe('0 virtual-hardware layers, needs at least 3');
  });

  it('reads simulated results and says what is missing', () => {
    const simulation = { apps: { web: { throughputRps: 80.456 }, mb: { makespanS: 120, killedAtS: 30 } } };
    expect(one({ simulate: { app: 'web', throughputRps: { gte: 100 } } }, { simulation }).message).toBe('web serves 80.5 requests/s, needs at least 100');
    expect(one({ simulate: { app: 'mb', makespanS: { lte: 200 }, killed: true } }, { simulation }).status).toBe('pass');
    expect(one({ simulate: { app: 'mb', killed: false } }, { simulation }).status).toBe('fail');
    expect(one({ simulate: { app: 'web', makespanS: { lte: 1 } } }, {}).status).toBe('unavailable');
  });

  it('refuses a comparison whose seed placeholder was never substituted', () => {
    expect(one({ view: 'web', cpus: { gte: '${seed.cpus}' } }).status).toBe('fail');
  });

  it('is unavailable without a check result', () => {
    expect(one({ check: 'valid' }, {}).status).toBe('unavailable');
  });
});

describe('evaluateExercise', () => {
  const exercise: Exercise = {
    goal: 'g',
    expect: [
      { check: 'valid' },
      { vm: { id: 'v', inspect: 'cat /proc/version', expect: '/^Linux \\S+/', looksFor: 'a Linux kernel' } },
      { simulate: { app: 'web', throughputRps: { gte: 1 } } },
    ],
  };

  it('lists what it needs', () => {
    expect(exerciseNeeds(exercise)).toEqual({ check: true, simulation: true, balancers: ['oblivious'], vms: ['v'], answers: [] });
    expect(exerciseNeeds({ goal: 'g', expect: [{ check: 'valid' }] })).toMatchObject({ simulation: false, balancers: [] });
  });

  it('inspects guests through the caller and passes when all pass', async () => {
    const runs: string[] = [];
    const result = await evaluateExercise(exercise, {
      check,
      simulation: { apps: { web: { throughputRps: 5 } } },
      execVm: async ({ id, command }) => {
        runs.push(`${id}:${command}`);
        return { stdout: 'Linux strata 6.1.0', exitCode: 0 };
      },
    });
    expect(runs).toEqual(['v:cat /proc/version']);
    expect(result.passed).toBe(true);
    expect(result.results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass']);
    // The student reads what was looked for, never the command or its pattern.
    expect(result.results[1]?.message).toBe('found in v: a Linux kernel');
  });

  it('judges an inspection without a pattern by its exit status', async () => {
    const state: Exercise = { goal: 'g', expect: [{ vm: { id: 'v', inspect: 'test -e /tmp/done', looksFor: 'the file /tmp/done' } }] };
    const exec = (exitCode: number) => async () => ({ stdout: '', exitCode });
    expect((await evaluateExercise(state, { execVm: exec(0) })).passed).toBe(true);
    const missing = await evaluateExercise(state, { execVm: exec(1) });
    expect(missing.results[0]).toMatchObject({ status: 'fail', message: 'not found in v yet: the file /tmp/done' });
  });

  it('lists each balancer once, a predicate without one counting as the default', () => {
    const compare: Exercise = {
      goal: 'g',
      expect: [
        { simulate: { app: 'mb', makespanS: { gte: 120 }, balancer: 'oblivious' } },
        { simulate: { app: 'mb', makespanS: { lte: 100 }, balancer: 'hypervisor-aware' } },
        { simulate: { app: 'mb', killed: false } },
      ],
    };
    expect(exerciseNeeds(compare).balancers).toEqual(['oblivious', 'hypervisor-aware']);
  });

  it('reads each simulate predicate from the run with its balancer', async () => {
    const compare: Exercise = {
      goal: 'g',
      expect: [
        { simulate: { app: 'mb', makespanS: { gte: 120 }, balancer: 'oblivious' } },
        { simulate: { app: 'mb', makespanS: { lte: 100 }, balancer: 'hypervisor-aware' } },
        { simulate: { app: 'mb', makespanS: { gte: 120 } } },
      ],
    };
    const oblivious = { apps: { mb: { makespanS: 150 } } };
    const aware = { apps: { mb: { makespanS: 90 } } };
    const both = await evaluateExercise(compare, { simulations: { oblivious, 'hypervisor-aware': aware } });
    expect(both.passed).toBe(true);
    expect(both.results[1]?.message).toBe("mb's simulated results with the hypervisor-aware balancer meet the goal");
    // The default run stands for the oblivious balancer, named or not.
    expect((await evaluateExercise(compare, { simulation: oblivious, simulations: { 'hypervisor-aware': aware } })).passed).toBe(true);
    // Swapped runs fail, and the message names the balancer.
    const swapped = await evaluateExercise(compare, { simulations: { oblivious: aware, 'hypervisor-aware': oblivious } });
    expect(swapped.passed).toBe(false);
    expect(swapped.results[1]).toMatchObject({ status: 'fail', message: 'mb finishes in 150 s with the hypervisor-aware balancer, needs at most 100' });
    // A run with the default options never stands for the hypervisor-aware balancer.
    const missing = await evaluateExercise(compare, { simulation: oblivious });
    expect(missing.results.map((r) => r.status)).toEqual(['pass', 'unavailable', 'pass']);
    expect(missing.results[1]?.message).toBe('run the simulation with the hypervisor-aware balancer first to check mb');
  });

  it('turns a failing VM runner into an unavailable predicate, not a throw', async () => {
    const result = await evaluateExercise(exercise, { check, execVm: () => Promise.reject(new Error('guest is off')) });
    expect(result.passed).toBe(false);
    expect(result.results[1]).toMatchObject({ kind: 'vm', status: 'unavailable', message: 'could not look into v: guest is off' });
  });

  it('fails a stack that carries an unknown or misplaced key, whatever else holds', async () => {
    const misplaced: CheckInput = {
      ...check,
      findings: [{ severity: 'warning', rule: 'unknown-key', layer: 'vm1', message: 'unknown key "technique" is ignored' }],
    };
    const valid: Exercise = { goal: 'g', expect: [{ check: 'valid' }] };
    const result = await evaluateExercise(valid, { check: misplaced });
    expect(result.passed).toBe(false);
    expect(result.results[1]).toMatchObject({ index: 1, kind: 'keys', status: 'fail' });
    expect(result.results[1]?.message).toContain('unknown key "technique" is ignored');
    expect((await evaluateExercise(valid, { check })).passed).toBe(true);
    // An exercise about the unknown-key rule itself says so in its own words.
    const fixTypo: Exercise = { goal: 'g', expect: [{ finding: 'unknown-key', present: false }] };
    expect((await evaluateExercise(fixTypo, { check: misplaced })).results).toHaveLength(1);
  });
});

describe('answer fields', () => {
  const ask = (answer: Record<string, unknown>): Exercise => ({ goal: 'g', expect: [{ answer: { id: 'a', ask: 'How long?', ...answer } } as Predicate] });
  const run = (e: Exercise, given: string | undefined, execVm?: Parameters<typeof evaluateExercise>[1]['execVm']) =>
    evaluateExercise(e, { ...(given === undefined ? {} : { answers: { a: given } }), ...(execVm ? { execVm } : {}) });

  it('grades a number within its tolerance, reading the first number the student wrote', async () => {
    const e = ask({ number: 60, tolerance: 5 });
    expect((await run(e, 'about 62 s')).passed).toBe(true);
    expect((await run(e, '57,5')).passed).toBe(true);
    const wrong = await run(e, '30');
    expect(wrong.passed).toBe(false);
    // The message never gives the accepted answer away.
    expect(wrong.results[0]?.message).not.toMatch(/60|55|65/);
    expect((await run(e, 'no idea')).results[0]?.message).toContain('write a number');
    expect((await run(e, undefined)).results[0]).toMatchObject({ status: 'unavailable', message: 'answer "How long?"' });
    expect((await run(e, '   ')).results[0]?.status).toBe('unavailable');
  });

  it('grades a choice by its index', async () => {
    const e = ask({ choices: ['bt', 'pv', 'emulation'], correct: 1 });
    expect((await run(e, '1')).passed).toBe(true);
    expect((await run(e, '2')).passed).toBe(false);
  });

  it('grades keywords as whole words, each point with its alternatives', async () => {
    const e = ask({ keywords: [['paravirtualization', 'pv'], 'hypercalls'] });
    expect((await run(e, 'PV, because hypercalls replace the sensitive instructions')).passed).toBe(true);
    const half = await run(e, 'pv is fastest');
    expect(half.passed).toBe(false);
    expect(half.results[0]?.message).toContain('misses 1 of the 2 points');
    expect((await run(e, 'prevent hypercalls')).passed).toBe(false);
  });

  it('grades an answer against what the guest says, accepting a leading part cut at a boundary', async () => {
    const e = ask({ vm: { id: 'v', command: 'uname -r' } });
    const guest = async () => ({ stdout: '6.1.0-28-cloud-amd64\n', exitCode: 0 });
    expect((await run(e, '6.1.0-28-cloud-amd64', guest)).passed).toBe(true);
    expect((await run(e, '6.1.0', guest)).passed).toBe(true);
    expect((await run(e, '6.1.0-2', guest)).passed).toBe(false);
    expect((await run(e, '5.10', guest)).passed).toBe(false);
    expect((await run(e, '6.1.0', undefined)).results[0]?.status).toBe('unavailable');
  });

  it('shows a self-assessed answer as such, never as passed', async () => {
    const e: Exercise = { goal: 'g', expect: [{ check: 'valid' }, { answer: { id: 'a', ask: 'Why?', explain: 'Because.' } }] };
    const answered = await evaluateExercise(e, { check, answers: { a: 'because' } });
    expect(answered.results[1]?.status).toBe('self-assessed');
    expect(answered.passed).toBe(true);
    expect((await evaluateExercise(e, { check })).passed).toBe(false);
    expect((await evaluateExercise({ goal: 'g', expect: [{ answer: { id: 'a', ask: 'Why?' } }] }, { answers: { a: 'x' } })).passed).toBe(false);
  });

  it('lists answer fields and the guests they read', () => {
    const e = ask({ vm: { id: 'v', command: 'uname -r' } });
    expect(exerciseNeeds(e)).toMatchObject({ check: false, vms: ['v'], answers: [{ id: 'a' }] });
  });
});

describe('outputMatches', () => {
  it('matches text, regular expressions, and rejects broken ones', () => {
    expect(outputMatches('pid=1\n', 'pid=1')).toBe(true);
    expect(outputMatches('PID=1', '/pid=1/i')).toBe(true);
    expect(outputMatches('x', '/(/')).toBeNull();
  });

  it('reads a regular expression only when written whole, each "/" inside escaped: a path stays text', () => {
    // `/proc/1` was never a pattern; `/proc/1/` used to be one (proc/1 anywhere), now it is the text itself.
    expect(outputMatches('ls: /proc/1: found', '/proc/1')).toBe(true);
    expect(outputMatches('proc/1', '/proc/1/')).toBe(false);
    expect(outputMatches('at /proc/1/ here', '/proc/1/')).toBe(true);
    expect(outputMatches('at /proc/1 here', '/\\/proc\\/1/')).toBe(true);
    expect(outputMatches('proc 1', '/\\/proc\\/1/')).toBe(false);
    // Only JavaScript's flags: `/\d+/x` is text, not a pattern with a flag dropped.
    expect(outputMatches('42', '/\\d+/x')).toBe(false);
    expect(outputMatches('x', '/a/gg')).toBeNull();
  });
});

describe('ambiguousExpect', () => {
  it('says why an expect that starts with "/" reads two ways, and how to write each', () => {
    expect(ambiguousExpect('/proc/1')).toMatch(/"\/proc\/1" starts with "\/" but is no whole regular expression.*write \/\\\/proc\\\/1\/ to match that text/);
    expect(ambiguousExpect('/\\d+/x')).toMatch(/no whole regular expression/);
    expect(ambiguousExpect('/etc/')).toMatch(/finds "etc" anywhere, not as the path \/etc\/: write \/\\\/etc\\\/\/ to match the path, or etc as plain text/);
    expect(ambiguousExpect('/proc/m')).toMatch(/finds "proc" anywhere/);
  });

  it('leaves alone plain text and patterns that are plainly patterns', () => {
    for (const fine of ['proc/1', 'started 12', '/^\\d+ \\d+/m', '/cpubench: \\d+ iterations/', '/\\/proc\\/1/', '/counter/i', '/(/'])
      expect(ambiguousExpect(fine), fine).toBeNull();
  });
});
