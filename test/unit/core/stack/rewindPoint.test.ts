import { describe, expect, it } from 'vitest';
import { toSimStack } from '../../../../src/core/sim';
import { checkStackText, parseStack } from '../../../../src/core/stack';

const stack = (step: string): string => `name: demo
layers:
  - { id: N1, kind: node }
  - { id: N2, kind: node }
scenario:
  - ${step}
  - { at: 31, do: fail, target: N2 }
`;

describe('the rewind-point scenario step (a seminar checkpoint, not simulated)', () => {
  it("is a valid step with a name, apart from the simulator's checkpoint", () => {
    const result = checkStackText(stack('{ at: 30, do: rewind-point, name: Before the failure }'));
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('is refused without a name or with an empty one, at its line', () => {
    for (const step of ['{ at: 30, do: rewind-point }', '{ at: 30, do: rewind-point, name: "" }']) {
      const result = checkStackText(stack(step));
      expect(result.valid).toBe(false);
      expect(result.findings.some((f) => f.severity === 'error' && f.line === 6)).toBe(true);
    }
  });

  it('never reaches the simulator', () => {
    const parsed = parseStack(stack('{ at: 30, do: rewind-point, name: Before the failure }'));
    expect(toSimStack(parsed.stack!).scenario.map((s) => s.do)).toEqual(['fail']);
  });
});
