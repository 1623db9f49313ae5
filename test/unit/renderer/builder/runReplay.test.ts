import { describe, expect, it } from 'vitest';
import type { SimResult } from '../../../../src/core/sim';
import { parseStack, type Stack } from '../../../../src/core/stack';
import { scenarioActionsFor } from '../../../../src/renderer/features/builder/model/scenarioActions';
import { liveStateAt, sampleIndex } from '../../../../src/renderer/features/builder/run/liveState';

const result: SimResult = {
  apps: { web: { makespanS: 20 } },
  nodes: { N1: { cpuUtil: 0.5 } },
  migrations: [],
  events: [
    { t: 5, type: 'node-fail', target: 'N2', message: 'N2 failed' },
    { t: 6, type: 'suspend', target: 'web', message: 'suspended' },
    { t: 8, type: 'resume', target: 'web', message: 'resumed' },
  ],
  series: { t: [0, 2, 4, 6, 8], nodes: { N1: { cpuUtil: [0, 0.2, 0.4, 0.6, 0.8] } }, apps: { web: { progress: [0, 0.1, 0.2, 0.3, 0.4] } } },
};

describe('replaying a run on the canvas', () => {
  it('shows the last sample at or before the scrubbed time', () => {
    expect(sampleIndex([0, 2, 4], 3.9)).toBe(1);
    expect(sampleIndex([0, 2, 4], 99)).toBe(2);
    expect(sampleIndex([0, 2, 4], -1)).toBe(0);
    const live = liveStateAt(result, 4.5);
    expect(live.get('N1')).toEqual({ cpuUtil: 0.4 });
    expect(live.get('web')).toEqual({ progress: 0.2 });
  });

  it('marks a failed node, and a suspended app until it resumes', () => {
    expect(liveStateAt(result, 4).get('N2')).toBeUndefined();
    expect(liveStateAt(result, 5).get('N2')).toEqual({ status: 'failed' });
    expect(liveStateAt(result, 7).get('web')).toMatchObject({ status: 'suspended' });
    expect(liveStateAt(result, 8).get('web')).toEqual({ progress: 0.4 });
  });
});

describe("scenario actions of a layer's context menu", () => {
  const stack = parseStack(`
name: two hosts
layers:
  - { id: N1, kind: node }
  - { id: N2, kind: node }
  - { id: os1, kind: os, on: N1 }
  - { id: os2, kind: os, on: N2 }
  - { id: kvm1, kind: hypervisor, product: kvm, on: os1 }
  - { id: kvm2, kind: hypervisor, product: kvm, on: os2 }
  - { id: VM1, kind: vm, on: kvm1 }
  - { id: ssi, kind: ssi, on: [os1, os2] }
  - { id: app1, kind: app, workload: mrbayes, on: ssi }
`).stack as Stack;

  it('migrates a VM to every other hypervisor', () => {
    const labels = scenarioActionsFor(stack, 'VM1', 12).map((a) => a.label);
    expect(labels).toContain('Migrate to kvm2 on os2 (KVM)');
    expect(labels).not.toContain('Migrate to kvm1 on os1 (KVM)');
    expect(scenarioActionsFor(stack, 'VM1', 12)[0]!.step).toEqual({ at: 12, do: 'migrate', target: 'VM1', to: 'kvm2' });
  });

  it("moves an SSI app's processes to members and checkpoints it", () => {
    const steps = scenarioActionsFor(stack, 'app1', 3).map((a) => a.step);
    expect(steps).toContainEqual({ at: 3, do: 'migrate', target: 'app1', to: 'os2', processes: 1 });
    expect(steps).toContainEqual({ at: 3, do: 'checkpoint', target: 'app1' });
  });

  it('fails a node, and adds one like it that joins its SSI', () => {
    const steps = scenarioActionsFor(stack, 'N2', 30).map((a) => a.step);
    expect(steps).toContainEqual({ at: 30, do: 'fail', target: 'N2' });
    const add = steps.find((s) => s.do === 'add-node');
    expect(add).toMatchObject({
      join: 'ssi',
      layers: [
        { id: 'N3', kind: 'node' },
        { id: 'os3', kind: 'os', on: 'N3' },
      ],
    });
  });
});
