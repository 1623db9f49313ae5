import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealRunContract } from '../../../src/api/realRunApi';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { contractOf, RealRun } from '../../../src/backend/realrun/realRun';
import { parseStack } from '../../../src/core/stack';
import { disposeAndCheck, newService, qemuProcessesOf, skipWithoutQemu, testHome } from '../qemu/qemuTestKit';

/**
 * Scenario steps carried out on real guests: vm1 is suspended and resumed (QMP stop, cont),
 * vm2 checkpointed and restarted from its snapshot, then its node N2 fails (its guest is
 * killed), and a node N3 with a guest and an app is added midway (booted at its time).
 */
const STACK = `
name: Steps on real guests
layers:
  - { id: N1, kind: node, cpus: 1 }
  - { id: N2, kind: node, cpus: 1 }
  - { id: host1, kind: os, on: N1 }
  - { id: host2, kind: os, on: N2 }
  - { id: h1, kind: hypervisor, product: qemu, on: host1 }
  - { id: h2, kind: hypervisor, product: qemu, on: host2 }
  - { id: vm1, kind: vm, memoryMiB: 128, on: h1 }
  - { id: vm2, kind: vm, memoryMiB: 128, on: h2 }
  - { id: g1, kind: os, on: vm1 }
  - { id: g2, kind: os, on: vm2 }
  - { id: app1, kind: app, workload: custom, cpuSeconds: 0.2, on: g1 }
  - { id: app2, kind: app, workload: custom, cpuSeconds: 2, on: g2 }
scenario:
  - { at: 1, do: suspend, target: vm1 }
  - { at: 4, do: resume, target: vm1 }
  - { at: 1, do: checkpoint, target: vm2 }
  - { at: 3, do: restart, target: vm2 }
  - { at: 2, do: add-node, layers: [
      { id: N3, kind: node, cpus: 1 }, { id: host3, kind: os, on: N3 }, { id: h3, kind: hypervisor, product: qemu, on: host3 },
      { id: vm3, kind: vm, memoryMiB: 128, on: h3 }, { id: g3, kind: os, on: vm3 },
      { id: app3, kind: app, workload: custom, cpuSeconds: 0.2, on: g3 } ] }
  - { at: 15, do: fail, target: N2 }
  - { at: 16, do: rewind-point, name: after the failure }
`;

describe.skipIf(skipWithoutQemu)('scenario steps carried out on real guests', () => {
  let service: VmService;

  beforeAll(() => {
    service = newService();
  });

  afterAll(async () => {
    await disposeAndCheck(service);
  });

  it('suspends and resumes, checkpoints and restarts, fails a node and adds one, each on the guests at its time', { timeout: 600_000 }, async () => {
    const parsed = parseStack(STACK);
    if (!parsed.stack) throw new Error('the test stack does not parse');
    const realRun = new RealRun('s1', parsed.stack, service, { home: testHome });
    const report = await realRun.run();
    const log = report.log.map((e) => e.message).join('\n');

    // Each step happened on the guests, in the order of its time.
    const order = [
      /Suspended vm1 \(QEMU stop\/cont\)/,
      /Checkpointed vm2/,
      /Adding N3: booting vm3/,
      /Restarted vm2 from its snapshot/,
      /Resumed vm1/,
      /Node N2 failed: its guests vm2 were killed/,
    ];
    const at = order.map((re) => report.log.findIndex((e) => re.test(e.message)));
    expect(
      at.every((i) => i >= 0),
      log,
    ).toBe(true);
    expect(report.log.find((e) => /Suspended vm1/.test(e.message))!.t).toBeLessThan(report.log.find((e) => /Resumed vm1/.test(e.message))!.t);
    expect(log).toMatch(/N3 added: vm3 booted by .* app3 started/);
    expect(log).toMatch(/app2 was killed with its node/);
    expect(log).not.toMatch(/The step .* failed/);
    // The rewind point stays simulated, and says so by name (not "undefined").
    expect(report.scaled.join('\n')).toMatch(/Scenario step 7 \(rewind-point "after the failure"\) stays simulated/);
    expect(report.scaled.join('\n')).not.toMatch(/undefined/);

    // app1 was suspended for about 3 s: its measured makespan counts that time, as the model's does.
    const app1 = report.apps.app1!;
    expect(app1.simulated.makespanS).toBeGreaterThan(3);
    expect(app1.measured.makespanS).toBeGreaterThan(3);
    // app3 ran on the added node's guest; app2 died with N2.
    expect(report.apps.app3!.measured.makespanS).toBeGreaterThan(0);
    expect(report.apps.app3!.simulated.makespanS).toBeGreaterThan(0);
    expect(report.apps.app2!.measured).toEqual({});
    for (const id of ['N3', 'vm3', 'app3']) expect(report.layers[id]?.real, id).toBe(true);
    expect(report.series.measured.nodes.N3!.cpuUtil.some((u) => u > 0)).toBe(true);
    expect(report.series.measured.apps.app3!.progress.at(-1)).toBe(1);

    expect(RealRunContract.strict().parse(contractOf(report))).toEqual(contractOf(report));
    expect(service.list()).toEqual([]);
    expect(qemuProcessesOf(await service.runtime())).toEqual([]);
  });
});
