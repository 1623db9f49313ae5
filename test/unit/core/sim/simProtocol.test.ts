import { describe, expect, it } from 'vitest';
import { SimReplySchema, SimWorkerRuntime, type SimReply } from '../../../../src/core/sim';
import type { StackInput } from '../../../../src/core/stack';

const twoNodes: StackInput = {
  name: 'two nodes',
  layers: [
    { id: 'N1', kind: 'node', cpus: 2 },
    { id: 'N2', kind: 'node', cpus: 2 },
    { id: 'os1', kind: 'os', on: 'N1' },
    { id: 'os2', kind: 'os', on: 'N2' },
    { id: 'ssi', kind: 'ssi', on: ['os1', 'os2'] },
    { id: 'web', kind: 'app', workload: 'apache', requestsPerSecond: 400, on: 'ssi' },
  ],
};

function runtime(onYield: (replies: SimReply[]) => void = () => {}): { rt: SimWorkerRuntime; replies: SimReply[] } {
  const replies: SimReply[] = [];
  const rt = new SimWorkerRuntime({
    post: (r) => replies.push(SimReplySchema.parse(r)),
    yieldToHost: async () => onYield(replies),
  });
  return { rt, replies };
}

describe('the simulator worker runtime', () => {
  it('posts progress slices, then a result that validates', async () => {
    const { rt, replies } = runtime();
    await rt.handle({ type: 'run', id: 3, stack: twoNodes, options: { seed: 2 } });
    const progress = replies.filter((r) => r.type === 'progress');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toMatchObject({ fraction: 1 });
    const last = replies.at(-1);
    expect(last?.type).toBe('result');
    if (last?.type === 'result') expect(last.result.apps.web?.throughputRps).toBeGreaterThan(350);
  });

  it('honours a cancel that arrives between slices', async () => {
    const { rt, replies } = runtime((r) => {
      if (r.filter((x) => x.type === 'progress').length === 1) void rt.handle({ type: 'cancel', id: 1 });
    });
    await rt.handle({ type: 'run', id: 1, stack: twoNodes });
    expect(replies.at(-1)).toEqual({ type: 'cancelled', id: 1 });
    expect(replies.some((r) => r.type === 'result')).toBe(false);
  });

  it('answers an invalid stack or a malformed message with an error', async () => {
    const { rt, replies } = runtime();
    await rt.handle({ type: 'run', id: 5, stack: { name: 'bad', layers: [{ id: 'a', kind: 'app', workload: 'custom', on: 'nowhere' }] } });
    await rt.handle({ type: 'run', id: 6 });
    expect(replies.map((r) => [r.type, r.id])).toEqual([
      ['error', 5],
      ['error', 6],
    ]);
  });
});
