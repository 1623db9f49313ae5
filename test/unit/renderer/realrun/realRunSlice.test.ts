import { describe, expect, it } from 'vitest';
import type { RealRunEvent } from '../../../../src/api/realRunApi';
import { isRealRunGoing, nextRealRunState, realRunTitle, type RealRunState } from '../../../../src/renderer/features/realrun/realRunSlice';

const series = { t: [], nodes: {}, apps: {} };

function follow(events: RealRunEvent[]): RealRunState {
  return events.reduce<RealRunState>(nextRealRunState, { status: 'starting' });
}

describe("a real run's state, event by event", () => {
  it('keeps the latest boot line per guest and appends samples to the measured series', () => {
    const state = follow([
      { type: 'plan', layers: { vm1: { real: true, why: 'A QEMU guest.' } }, scaled: [], realizable: true, simulated: series },
      { type: 'phase', phase: 'booting', message: 'Booting 2 guests: vm1 on N1, vm2 on N2' },
      { type: 'phase', phase: 'booting', message: 'vm1 on N1: QEMU started (1.0 s)' },
      { type: 'phase', phase: 'booting', message: 'vm2 on N2: QEMU started (1.1 s)' },
      { type: 'phase', phase: 'booting', message: 'vm1 on N1: shell ready (9.0 s)' },
      { type: 'phase', phase: 'running', message: 'The apps run' },
      { type: 'sample', t: 1, nodes: { N1: 0.5 }, apps: { a: 0.1 } },
      { type: 'sample', t: 2, nodes: { N1: 1 }, apps: { a: 0.3 } },
      { type: 'log', t: 1.5, message: 'Live-migrating vm1' },
    ]);
    expect(state.status).toBe('running');
    if (state.status !== 'running') return;
    expect(state.lines).toEqual(['The apps run']);
    expect(state.measured).toEqual({ t: [1, 2], nodes: { N1: { cpuUtil: [0.5, 1] } }, apps: { a: { progress: [0.1, 0.3] } } });
    expect(state.log).toEqual([{ t: 1.5, message: 'Live-migrating vm1' }]);
    expect(state.plan?.realizable).toBe(true);
    expect(realRunTitle(state)).toBe('Running for real…');
    expect(isRealRunGoing(state)).toBe(true);

    const booting = follow([
      { type: 'phase', phase: 'booting', message: 'Booting 2 guests: vm1 on N1, vm2 on N2' },
      { type: 'phase', phase: 'booting', message: 'vm1 on N1: QEMU started (1.0 s)' },
      { type: 'phase', phase: 'booting', message: 'vm1 on N1: shell ready (9.0 s)' },
    ]);
    expect(booting.status === 'running' && booting.lines).toEqual(['Booting 2 guests: vm1 on N1, vm2 on N2', 'vm1 on N1: shell ready (9.0 s)']);
  });

  it('ends with the report, or with why it failed and the plan that says what could be real', () => {
    const plan: RealRunEvent = { type: 'plan', layers: { x: { real: false, why: 'Xen.' } }, scaled: [], realizable: false, simulated: series };
    const failed = follow([plan, { type: 'failed', message: 'Nothing of this stack can run for real here' }]);
    expect(failed).toEqual({ status: 'failed', message: 'Nothing of this stack can run for real here', plan });
    expect(isRealRunGoing(failed)).toBe(false);
    expect(realRunTitle(failed)).toBe('The real run did not complete');
  });
});
