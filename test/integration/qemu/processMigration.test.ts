import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { decodeClusterPid } from '../../../src/core/ssi/clusterPid';
import { BOOT_TIMEOUT_MS, disposeAndCheck, newService, skipWithoutQemu } from './qemuTestKit';

/** CRIU under TCG on a shared host is slow: every step here gets minutes, never a timed assertion. */
const STEP_MS = 300_000;

describe.skipIf(skipWithoutQemu)('process migration with CRIU between real guests', () => {
  let service: VmService;
  let cluster: Array<{ id: string; ip: string }>;

  beforeAll(async () => {
    service = newService();
    cluster = (await service.deploy(2, 2, 256, true, ['criu'])).map((v) => ({ id: v.id, ip: v.ip! }));
  }, 600_000);

  afterAll(async () => {
    await disposeAndCheck(service);
  });

  const progressOf = async (vm: string, pid: number): Promise<number | undefined> => (await service.processes(vm)).find((p) => p.pid === pid)?.progress;
  const waitProgress = async (vm: string, pid: number, atLeast: number): Promise<void> => {
    for (let i = 0; i < 120 && ((await progressOf(vm, pid)) ?? -1) < atLeast; i++) await new Promise((r) => setTimeout(r, 500));
  };

  it('moves a counter from one guest to the other, where it counts on from its value with the same PIDs', { timeout: STEP_MS }, async () => {
    const [a, b] = cluster as [{ id: string; ip: string }, { id: string; ip: string }];
    const counter = await service.startProcess(a.id, 'counter');
    expect(decodeClusterPid(counter.cpid)).toEqual({ node: Number(a.ip.split('.')[3]), localPid: counter.pid });
    await waitProgress(a.id, counter.pid, 3);

    const result = await service.migrateProcess(a.id, counter.pid, b.id);
    expect(result).toMatchObject({ from: a.id, to: b.id, pid: counter.cpid, continuity: true, nsPid: 1 });
    expect(result.before).toBeGreaterThanOrEqual(3);
    expect(result.after).toBeGreaterThan(result.before);
    expect(result.imageBytes).toBeGreaterThan(0);
    expect(result.freezeMs).toBeGreaterThan(0);
    expect(result.totalMs).toBeGreaterThanOrEqual(result.freezeMs);

    expect((await service.processes(a.id)).some((p) => p.cpid === counter.cpid)).toBe(false);
    const moved = (await service.processes(b.id)).find((p) => p.cpid === counter.cpid);
    expect(moved).toMatchObject({ vm: b.id, pid: result.newPid, command: expect.stringContaining('counter') });
  });

  it('moves a CPU-bound loop the same way', { timeout: STEP_MS }, async () => {
    const [a, b] = cluster as [{ id: string; ip: string }, { id: string; ip: string }];
    const loop = await service.startProcess(b.id, 'cpuloop');
    await waitProgress(b.id, loop.pid, 2);
    const result = await service.migrateProcess(b.id, loop.pid, a.id);
    expect(result).toMatchObject({ from: b.id, to: a.id, pid: loop.cpid, continuity: true, nsPid: 1 });
    expect(result.after).toBeGreaterThan(result.before);
  });

  it('lists every guest’s processes with unique cluster-wide PIDs, in the Machines view’s call and in each guest (cps)', { timeout: STEP_MS }, async () => {
    const all = await service.clusterProcesses('cluster');
    expect(new Set(all.map((p) => p.vm))).toEqual(new Set(cluster.map((v) => v.id)));
    expect(new Set(all.map((p) => p.cpid)).size).toBe(all.length);
    // Each guest's /init is its PID 1, with a cluster PID naming that guest's node.
    for (const vm of cluster) {
      const init = all.find((p) => p.vm === vm.id && p.pid === 1);
      expect(decodeClusterPid(init!.cpid)?.node).toBe(Number(vm.ip.split('.')[3]));
    }
    // Each workload runs in the guest it moved to, and keeps naming the guest that created it.
    const nodeOf = (vm: string): number => Number(cluster.find((v) => v.id === vm)!.ip.split('.')[3]);
    const workloads = all.filter((p) => p.progress !== undefined && !p.command.startsWith('unshare'));
    expect(workloads).toHaveLength(2);
    for (const w of workloads) expect(decodeClusterPid(w.cpid)!.node).not.toBe(nodeOf(w.vm));

    const inGuest = (await service.machine(cluster[0]!.id).exec('cps', BOOT_TIMEOUT_MS)).stdout;
    expect(inGuest).toMatch(/^CPID\s+HOST\s+PID/);
    for (const p of all.filter((q) => q.pid === 1 || q.progress !== undefined))
      expect(inGuest).toMatch(new RegExp(`^${p.cpid}\\s+${p.vm}\\s+${p.pid}\\s`, 'm'));
  });

  it('checkpoints a process and restarts it later in the same guest, from where it was, with its cluster PID', { timeout: STEP_MS }, async () => {
    const b = cluster[1]!;
    const counter = (await service.processes(b.id)).find((p) => p.command.includes('counter'))!;
    const saved = await service.checkpointProcess(b.id, counter.pid);
    expect(saved).toMatchObject({ vm: b.id, cpid: counter.cpid });
    expect(saved.imageBytes).toBeGreaterThan(0);
    expect((await service.processes(b.id)).some((p) => p.cpid === counter.cpid)).toBe(false);
    const frozenAt = Number((await service.machine(b.id).exec(`cat /var/lib/strata/checkpoints/${counter.cpid}/progress`)).stdout.trim());

    const back = await service.restartProcess(b.id, counter.cpid);
    expect(back).toMatchObject({ vm: b.id, cpid: counter.cpid });
    expect(back.progress).toBeGreaterThanOrEqual(frozenAt);
    await waitProgress(b.id, back.pid, frozenAt + 1);
    expect(await progressOf(b.id, back.pid)).toBeGreaterThan(frozenAt);
  });

  it('refuses a guest without the criu pack, and a process that is not a workload', { timeout: STEP_MS }, async () => {
    await expect(service.migrateProcess(cluster[0]!.id, 1, cluster[0]!.id)).rejects.toThrow(/both the source and the destination/);
    await expect(service.migrateProcess(cluster[0]!.id, 1, cluster[1]!.id)).rejects.toThrow(/reports no progress/);
  });
});
