import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealRunContract, type RealRunEvent } from '../../../src/api/realRunApi';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { contractOf, RealRun } from '../../../src/backend/realrun/realRun';
import { parseStack } from '../../../src/core/stack';
import { disposeAndCheck, newService, qemuProcessesOf, skipWithoutQemu, testHome } from '../qemu/qemuTestKit';

/** Two QEMU guests on two nodes, a container each running the MrBayes stand-in; vm1 live-migrates midway. */
const STACK = `
name: Two guests, a container each
layers:
  - { id: N1, kind: node, cpus: 2 }
  - { id: N2, kind: node, cpus: 2 }
  - { id: host1, kind: os, on: N1 }
  - { id: host2, kind: os, on: N2 }
  - { id: h1, kind: hypervisor, product: kvm, on: host1 }
  - { id: h2, kind: hypervisor, product: kvm, on: host2 }
  - { id: vm1, kind: vm, memoryMiB: 160, on: h1 }
  - { id: vm2, kind: vm, memoryMiB: 160, on: h2 }
  - { id: g1, kind: os, on: vm1 }
  - { id: g2, kind: os, on: vm2 }
  - { id: c1, kind: container, product: docker, on: g1 }
  - { id: c2, kind: container, on: g2 }
  - { id: app1, kind: app, workload: mrbayes, processes: 2, cpuSeconds: 0.06, on: c1 }
  - { id: app2, kind: app, workload: mrbayes, processes: 2, cpuSeconds: 0.06, on: c2 }
scenario:
  - { at: 2, do: migrate, target: vm1, to: h2 }
`;

function stack(text: string) {
  const parsed = parseStack(text);
  if (!parsed.stack) throw new Error('the test stack does not parse');
  return parsed.stack;
}

describe.skipIf(skipWithoutQemu)('a stack run for real on QEMU guests', () => {
  let service: VmService;

  beforeAll(() => {
    service = newService();
  });

  afterAll(async () => {
    await disposeAndCheck(service);
  });

  it('runs both apps in containers to the end, live-migrates vm1 midway, and reports measured beside simulated', async () => {
    const realRun = new RealRun('r1', stack(STACK), service, { home: testHome });
    const events: RealRunEvent[] = [];
    let isolation: Promise<string> | undefined;
    realRun.subscribe((e) => {
      events.push(e);
      // While app2 runs (in vm2, which stays put): its processes are in the container's PID namespace and cgroup, not the guest's.
      if (e.type === 'sample' && !isolation) {
        isolation = service
          .machine('r1-2-vm2')
          .exec(
            'for p in /proc/[0-9]*; do [ "$(cat $p/comm 2>/dev/null)" = awk ] && { readlink $p/ns/pid; cat $p/cgroup; }; done; readlink /proc/1/ns/pid',
            20_000,
          )
          .then(
            (r) => r.stdout,
            (err: Error) => `exec failed: ${err.message}`,
          );
      }
    });
    const report = await realRun.run();

    expect(Object.keys(report.apps)).toEqual(['app1', 'app2']);
    for (const app of ['app1', 'app2']) {
      const a = report.apps[app]!;
      expect(a.measured.makespanS).toBeGreaterThan(0);
      expect(a.simulated.makespanS).toBeGreaterThan(0);
      expect(a.ratio).toBeCloseTo(a.measured.makespanS! / a.simulated.makespanS!, 2);
    }
    expect(Object.values(report.layers).every((l) => l.real)).toBe(true);
    expect(report.host.accel).toBe(process.env.STRATA_EXPECT_KVM === 'unusable' ? 'tcg' : report.host.accel);
    expect(report.scaled.join('\n')).toMatch(/N1 gets host CPU/);

    // The migration, both as QEMU measured it and as the model predicted it for the stack as run.
    expect(report.migrations).toHaveLength(1);
    const m = report.migrations[0]!;
    expect(m).toMatchObject({ target: 'vm1', from: 'N1', to: 'N2' });
    for (const figures of [m.measured!, m.simulated!]) {
      expect(figures.totalS).toBeGreaterThan(0);
      expect(figures.downtimeMs).toBeGreaterThanOrEqual(0);
      expect(figures.ramMiB).toBeGreaterThan(0);
    }

    // Charts: measured points for each node and app, ending at 100 %; the simulated series too.
    const measured = report.series.measured;
    expect(measured.t.length).toBeGreaterThan(1);
    expect(measured.apps.app1!.progress.at(-1)).toBe(1);
    expect(measured.apps.app2!.progress.at(-1)).toBe(1);
    expect(Math.max(...measured.nodes.N1!.cpuUtil, ...measured.nodes.N2!.cpuUtil)).toBeGreaterThan(0);
    expect(report.series.simulated.t.length).toBeGreaterThan(1);
    expect(events.filter((e) => e.type === 'sample').length).toBe(measured.t.length);
    expect(events.some((e) => e.type === 'phase' && e.phase === 'booting' && /shell ready/.test(e.message))).toBe(true);

    // The container was real: awk ran in another PID namespace, in c2's cgroup.
    const seen = (await isolation)!.trim().split('\n');
    const guestNs = seen.at(-1)!;
    expect(seen.some((l) => l.startsWith('pid:[') && l !== guestNs)).toBe(true);
    expect(seen.some((l) => l.includes('/c2/app2'))).toBe(true);

    // Exactly the contract's JSON for `strata run --real --json`.
    expect(RealRunContract.strict().parse(contractOf(report))).toEqual(contractOf(report));

    // Nothing left running.
    expect(service.list()).toEqual([]);
    expect(qemuProcessesOf(await service.runtime())).toEqual([]);
  });

  it('stopped while its guests boot, it leaves nothing running', async () => {
    const realRun = new RealRun('r2', stack(STACK), service, { home: testHome });
    realRun.subscribe((e) => {
      if (e.type === 'phase' && /QEMU started/.test(e.message)) realRun.stop();
    });
    await expect(realRun.run()).rejects.toThrow();
    expect(realRun.events.at(-1)?.type).toBe('failed');
    expect(service.list()).toEqual([]);
    expect(qemuProcessesOf(await service.runtime())).toEqual([]);
  });
});
