import { describe, expect, it } from 'vitest';
import { MAX_REQUESTS_PER_SECOND_TCG, planRealRun, realize, simulateAsRun, sliceHost, STARTS_PER_REQUEST, type HostFacts } from '../../../../src/core/real';
import type { HostFigures } from '../../../../src/core/sim';
import { parseStack, type Stack } from '../../../../src/core/stack';

const tcg: HostFacts = { cpuIds: [0, 1], accel: 'tcg' };

function stack(text: string): Stack {
  const parsed = parseStack(text);
  if (!parsed.stack) throw new Error(JSON.stringify(parsed.findings));
  return parsed.stack;
}

const guests = stack(`
name: guests
layers:
  - { id: N1, kind: node, cpus: 4 }
  - { id: N2, kind: node, cpus: 1 }
  - { id: host1, kind: os, on: N1 }
  - { id: host2, kind: os, on: N2 }
  - { id: h1, kind: hypervisor, product: qemu, on: host1 }
  - { id: h2, kind: hypervisor, product: kvm, on: host2 }
  - { id: vm1, kind: vm, vcpus: 8, memoryMiB: 2048, on: h1 }
  - { id: vm2, kind: vm, on: h2 }
  - { id: g1, kind: os, on: vm1 }
  - { id: g2, kind: os, on: vm2 }
  - { id: c1, kind: container, cpus: 1, on: g1 }
  - { id: c2, kind: container, on: c1 }
  - { id: app1, kind: app, workload: mrbayes, processes: 64, on: c2 }
  - { id: app2, kind: app, workload: apache, on: g2 }
  - { id: bare, kind: app, workload: custom, on: host1 }
scenario:
  - { at: 100, do: migrate, target: vm1, to: N2 }
  - { at: 200, do: suspend, target: c1 }
  - { at: 300, do: fail, target: N2 }
  - { at: 400, do: remove-node, target: N1 }
`);

describe('what of a stack can be real', () => {
  it('makes QEMU and KVM guests, their Linux, nested containers and apps real, and says what each becomes', () => {
    const r = realize(guests, tcg);
    expect(r.realizable).toBe(true);
    for (const id of ['N1', 'N2', 'host1', 'h1', 'h2', 'vm1', 'vm2', 'g1', 'g2', 'c1', 'c2', 'app1', 'app2']) expect(r.layers[id]?.real, id).toBe(true);
    expect(r.layers.h2!.why).toMatch(/KVM is not usable on this host/);
    expect(r.layers.c1!.why).toMatch(/namespaces .* and a cgroup/);
    // An app on a node's own Linux would run on this host itself.
    expect(r.layers.bare).toEqual({ real: false, why: expect.stringMatching(/only inside guests/) });
    expect(r.guests).toEqual([
      { vm: 'vm1', node: 'N1', os: 'g1', vcpus: 4, memoryMiB: 256 },
      { vm: 'vm2', node: 'N2', os: 'g2', vcpus: 1, memoryMiB: 256 },
    ]);
    expect(r.containers).toEqual([
      { id: 'c1', vm: 'vm1', cpus: 1, memoryMiB: undefined },
      { id: 'c2', vm: 'vm1', parent: 'c1', cpus: undefined, memoryMiB: undefined },
    ]);
    expect(r.apps.map((a) => [a.id, a.vm, a.container])).toEqual([
      ['app1', 'vm1', 'c2'],
      ['app2', 'vm2', undefined],
    ]);
  });

  it('keeps Xen, VMware, vSMP, SSIs, Windows and what stands on them simulated, each with one sentence why', () => {
    const s = stack(`
name: simulated
layers:
  - { id: N1, kind: node, cpus: 2 }
  - { id: N2, kind: node, cpus: 2 }
  - { id: xen, kind: hypervisor, product: xen, on: N1 }
  - { id: dom0, kind: os, role: dom0, on: xen }
  - { id: vmx, kind: vm, on: xen }
  - { id: gx, kind: os, on: vmx }
  - { id: smp, kind: hypervisor, product: vsmp, on: [N2] }
  - { id: big, kind: os, on: smp }
  - { id: w, kind: hypervisor, product: vmware-workstation, on: big }
  - { id: vmw, kind: vm, on: w }
  - { id: win, kind: os, product: windows, on: vmw }
  - { id: a, kind: app, workload: custom, on: gx }
`);
    const r = realize(s, tcg);
    expect(r.realizable).toBe(false);
    expect(Object.values(r.layers).every((l) => !l.real)).toBe(true);
    expect(r.layers.xen!.why).toMatch(/Type I hypervisor/);
    expect(r.layers.smp!.why).toMatch(/ScaleMP/);
    expect(r.layers.w!.why).toMatch(/proprietary/);
    expect(r.layers.win!.why).toMatch(/Windows/);
    expect(r.layers.a!.why).toBe('It stands on gx, which is simulated.');
    expect(r.slices).toEqual([]);
  });

  it('keeps an SSI and nested hypervisors simulated', () => {
    const s = stack(`
name: ssi
layers:
  - { id: N1, kind: node }
  - { id: o1, kind: os, on: N1 }
  - { id: h1, kind: hypervisor, product: kvm, on: o1 }
  - { id: v1, kind: vm, on: h1 }
  - { id: v2, kind: vm, on: h1 }
  - { id: g1, kind: os, on: v1 }
  - { id: g2, kind: os, on: v2 }
  - { id: ssi, kind: ssi, on: [g1, g2] }
  - { id: app, kind: app, workload: mrbayes, on: ssi }
  - { id: inner, kind: hypervisor, product: qemu, on: g1 }
`);
    const r = realize(s, tcg);
    expect(r.layers.ssi!.why).toMatch(/Kerrighed needs its own patched/);
    expect(r.layers.app!.real).toBe(false);
    expect(r.layers.inner!.why).toMatch(/nested virtualization/);
    expect(r.layers.v1!.real).toBe(true);
  });

  it("decides the same before any accelerator is known (the canvas's marks), and leaves only the hypervisor's sentence open", () => {
    const unknown = realize(guests, { cpuIds: [0, 1] });
    const known = realize(guests, tcg);
    for (const [id, l] of Object.entries(known.layers)) expect(unknown.layers[id]!.real).toBe(l.real);
    expect(unknown.layers.h2!.why).toBe("Its VMs become QEMU processes on this host, run with KVM where it is usable, else by QEMU's TCG emulation.");
    expect(unknown.layers.vm1!.why).toBe(known.layers.vm1!.why);
  });
});

describe('node slices of this host', () => {
  const nodes = (n: number, cpus = 2) =>
    Array.from({ length: n }, (_, i) => ({
      id: `N${i + 1}`,
      kind: 'node' as const,
      cpus,
      memoryMiB: 1024,
      arch: 'x86_64' as const,
      virtExtensions: true,
      speed: 1,
      site: 'default',
    }));

  it('gives each node whole host CPUs when there are enough, said plainly', () => {
    expect(sliceHost(nodes(2), [0, 1, 2, 3]).map((s) => [s.hostCpus, s.cpus, s.speed, s.text])).toEqual([
      [[0, 1], 2, 1, 'N1 gets host CPUs 0, 1: 2 CPUs.'],
      [[2, 3], 2, 1, 'N2 gets host CPUs 2, 3: 2 CPUs.'],
    ]);
    expect(sliceHost(nodes(1, 1), [0, 1])[0]!.text).toBe('N1 gets host CPU 0: 1 CPU.');
  });

  it('shares a CPU between nodes when there are more nodes than CPUs', () => {
    const s = sliceHost(nodes(3), [0, 1]);
    expect(s.map((x) => [x.hostCpus, x.speed])).toEqual([
      [[0], 0.5],
      [[1], 1],
      [[0], 0.5],
    ]);
    expect(s[0]!.text).toBe('N1 shares host CPU 0 with N3: about 50 % of one CPU (it has 2 in the stack).');
  });
});

describe('the plan of a real run', () => {
  it('scales work to the budget, caps processes, scales scenario times alike, and says so', () => {
    const plan = planRealRun(guests, tcg, { budgetS: 20 });
    expect(plan.workScale).toBeLessThan(1);
    const app1 = plan.work.find((w) => w.id === 'app1')!;
    expect(app1.processes).toBe(8);
    expect(app1.cpuSeconds).toBeCloseTo(Math.max(0.05, 600 * plan.workScale), 2);
    expect(plan.work.find((w) => w.id === 'app2')).toMatchObject({ workload: 'apache', requestsPerSecond: MAX_REQUESTS_PER_SECOND_TCG });
    expect(plan.windowS).toBeGreaterThanOrEqual(20);
    // migrate, suspend and fail have real counterparts; a graceful removal does not yet.
    expect(plan.steps.map((s) => s.do)).toEqual(['migrate', 'suspend', 'fail']);
    expect(plan.steps[0]).toMatchObject({ do: 'migrate', target: 'vm1', from: 'N1', toNode: 'N2', at: expect.closeTo(100 * plan.workScale, 2) });
    expect(plan.steps[2]).toMatchObject({ do: 'fail', target: 'N2', vms: ['vm2'] });
    const said = plan.scaled.join('\n');
    expect(said).toMatch(/app1: 64 processes run as 8/);
    expect(said).toMatch(/vm1: 2048 MiB of memory runs as 256 MiB/);
    expect(said).toMatch(/h2 \(kvm\) runs as QEMU's TCG emulation/);
    expect(said).toMatch(/Scenario step 4 \(remove-node N1\) stays simulated/);
    // The comparison simulation is of the stack as run: slices, emulation, scaled work.
    const asRunN1 = plan.asRun.layers.find((l) => l.id === 'N1');
    expect(asRunN1).toMatchObject({ cpus: 1, speed: 1 });
    expect(plan.asRun.layers.find((l) => l.id === 'h2')).toMatchObject({ product: 'qemu', technique: 'emulation' });
    expect(plan.asRun.layers.some((l) => l.id === 'bare')).toBe(false);
    // The scenario as run: vm1 moves, c1 is suspended for good, N2 fails and takes app2.
    expect(plan.expected.events.some((e) => e.type === 'migrate-start' && e.target === 'vm1')).toBe(true);
    expect(plan.expected.apps.app1?.makespanS).toBeUndefined();
    expect(plan.expected.apps.app2?.killedAtS).toBeCloseTo(300 * plan.workScale, 1);
    expect(plan.original.apps.bare?.makespanS).toBeGreaterThan(0);
  });

  it('boots the guests of an added node at its step, slices the host for it, and names a rewind point it does not take', () => {
    const adding = stack(`
name: adding
layers:
  - { id: N1, kind: node, cpus: 1 }
  - { id: host1, kind: os, on: N1 }
  - { id: h1, kind: hypervisor, product: qemu, on: host1 }
  - { id: vm1, kind: vm, on: h1 }
  - { id: g1, kind: os, on: vm1 }
  - { id: app1, kind: app, workload: custom, cpuSeconds: 1, on: g1 }
scenario:
  - { at: 2, do: rewind-point, name: before N2 }
  - { at: 3, do: add-node, layers: [
      { id: N2, kind: node, cpus: 1 }, { id: host2, kind: os, on: N2 }, { id: h2, kind: hypervisor, product: qemu, on: host2 },
      { id: vm2, kind: vm, on: h2 }, { id: g2, kind: os, on: vm2 }, { id: app2, kind: app, workload: custom, cpuSeconds: 1, on: g2 },
      { id: x2, kind: hypervisor, product: xen, on: host2 } ] }
`);
    const plan = planRealRun(adding, tcg);
    expect(plan.steps).toEqual([{ at: 3, do: 'add-node', target: 'N2', vms: ['vm2'], apps: ['app2'] }]);
    expect(plan.slices.map((x) => [x.node, x.hostCpus])).toEqual([
      ['N1', [0]],
      ['N2', [1]],
    ]);
    expect(plan.guests.map((g) => g.vm)).toEqual(['vm1', 'vm2']);
    expect(plan.work.map((w) => w.id)).toEqual(['app1', 'app2']);
    expect(plan.layers.x2).toMatchObject({ real: false });
    // The stack as run adds N2 at 3 s with its real layers only; its app runs from then on.
    expect(plan.asRun.layers.some((l) => l.id === 'N2')).toBe(false);
    expect(plan.asRun.scenario).toEqual([expect.objectContaining({ at: 3, do: 'add-node', layers: expect.any(Array) })]);
    expect(plan.expected.apps.app2?.makespanS).toBeGreaterThan(0);
    const said = plan.scaled.join('\n');
    expect(said).toMatch(/Scenario step 1 \(rewind-point "before N2"\) stays simulated/);
    expect(said).toMatch(/Scenario step 2 \(add-node N2\) adds x2 in the simulation only/);
    expect(said).not.toMatch(/undefined/);
  });

  it("simulates the stand-ins as they run: the build's 40 objects and the CGI's starts under measured figures, each node at the CPU share it got", () => {
    const standIns = stack(`
name: stand-ins
layers:
  - { id: N1, kind: node, cpus: 1 }
  - { id: N2, kind: node, cpus: 1 }
  - { id: host1, kind: os, on: N1 }
  - { id: host2, kind: os, on: N2 }
  - { id: h1, kind: hypervisor, product: qemu, on: host1 }
  - { id: h2, kind: hypervisor, product: qemu, on: host2 }
  - { id: vm1, kind: vm, on: h1 }
  - { id: vm2, kind: vm, on: h2 }
  - { id: g1, kind: os, on: vm1 }
  - { id: g2, kind: os, on: vm2 }
  - { id: build, kind: app, workload: kernel-make, jobs: 1, cpuSeconds: 1, on: g1 }
  - { id: web, kind: app, workload: apache, requestsPerSecond: 0.5, on: g2 }
`);
    const measured: HostFigures = {
      accelerators: { tcg: { emulationFactor: 30, processStartS: 0.02 } },
      processStartS: 0.001,
      dirtyRateMiBps: 500,
      migrationMiBps: 500,
    };
    const literature = planRealRun(standIns, tcg, { budgetS: 60 });
    const host = planRealRun(standIns, tcg, { budgetS: 60, sim: { figures: measured } });
    const makespan = (p: typeof host): number => p.expected.apps.build!.makespanS!;
    // configure 2, 40 compiles of 3, 1 archive, a link of 3: 126 starts of 20 ms beside 30 times the CPU.
    expect(makespan(host) - makespan(literature) * 3).toBeCloseTo(126 * 0.02, 3);
    // A request's CPU under emulation, its starts beside it: the p99 is at least one request's service.
    expect(host.expected.apps.web!.latencyP99Ms).toBeGreaterThan((0.01 * 30 + STARTS_PER_REQUEST * 0.02) * 1000);
    // A node whose guests got half their host CPU runs at half speed in the comparison.
    const halved = simulateAsRun(host, { N1: 0.5 }, { figures: measured });
    expect(halved.apps.build!.makespanS).toBeCloseTo(2 * makespan(host), 3);
    expect(simulateAsRun(host, {}, { figures: measured }).apps.build).toEqual(host.expected.apps.build);
  });

  it('is the same for the same stack and host', () => {
    expect(planRealRun(guests, tcg)).toEqual(planRealRun(guests, tcg));
  });
});
