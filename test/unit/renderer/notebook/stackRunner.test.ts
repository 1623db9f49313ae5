import { describe, expect, it } from 'vitest';
import { checkStackText } from '../../../../src/core/stack';
import { runStack, summarizeCheck, thinSeries, withScenario } from '../../../../src/renderer/features/notebook/stackRunner';

/** The check worker's answer, computed here: the worker itself is tested in checkWorker.test.ts. */
const check = async (text: string) => summarizeCheck(checkStackText(text));

const STACK = `# the lesson's stack
name: One node
layers:
  - { id: N1, kind: node, cpus: 4 }
  - { id: os, kind: os, on: N1 }
  - { id: mb, kind: app, workload: mrbayes, processes: 4, cpuSeconds: 30, on: os }
`;

describe('withScenario', () => {
  it('adds the scenario cell’s steps to the stack, keeping its text and comments', () => {
    const text = withScenario(STACK, [{ at: 10, do: 'fail', target: 'N1' }])!;
    expect(text).toContain("# the lesson's stack");
    expect(text).toMatch(/scenario:\n\s+- at: 10\n\s+do: fail\n\s+target: N1/);
  });

  it('replaces a scenario the stack already had, and gives null for text that is not YAML', () => {
    const once = withScenario(STACK, [{ at: 1, do: 'fail', target: 'N1' }])!;
    expect(withScenario(once, [{ at: 5, do: 'fail', target: 'N1' }])!.match(/scenario:/g)).toHaveLength(1);
    expect(withScenario('layers: [', [])).toBeNull();
  });
});

describe('thinSeries', () => {
  it('keeps about 160 points, the first and the last', () => {
    const t = Array.from({ length: 1001 }, (_, i) => i);
    const thin = thinSeries({ t, nodes: {}, apps: { mb: { progress: t.map((x) => x / 1000) } } });
    expect(thin.t.length).toBeLessThanOrEqual(170);
    expect(thin.t[0]).toBe(0);
    expect(thin.t.at(-1)).toBe(1000);
    expect(thin.apps.mb!.at(-1)).toBe(1);
  });
});

describe('runStack', () => {
  it('checks, and simulates only a valid stack', async () => {
    let simulated = 0;
    const simulate = async () => {
      simulated += 1;
      return { apps: { mb: { makespanS: 30 } }, nodes: { N1: { cpuUtil: 1 } }, migrations: [], events: [] };
    };
    const ok = await runStack(STACK, { check, simulate });
    expect(ok.check?.valid).toBe(true);
    expect(ok.check?.views.mb?.cpus).toBe(4);
    expect(ok.simulation?.apps.mb?.makespanS).toBe(30);
    const broken = await runStack(STACK.replace('on: os }', 'on: nowhere }'), { check, simulate });
    expect(broken.check?.valid).toBe(false);
    expect(broken.simulation).toBeNull();
    expect(broken.error).toMatch(/errors/);
    expect(simulated).toBe(1);
  });

  it('keeps the check when the simulator fails or times out', async () => {
    const out = await runStack(STACK, { check, simulate: () => Promise.reject(new Error('Stopped after 20 s')) });
    expect(out.check?.valid).toBe(true);
    expect(out.error).toBe('Stopped after 20 s');
  });
});
