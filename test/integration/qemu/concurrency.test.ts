import { afterAll, describe, expect, it } from 'vitest';
import { GUEST_MIN_MEMORY_MIB } from '../../../src/api/vmApi';
import type { CreateRequest, VmService } from '../../../src/backend/qemu/vmService';
import { disposeAndCheck, newService, qemuProcessesOf, skipWithoutQemu, until } from './qemuTestKit';

// The least memory the API accepts: these boots prove the guest runs with it.
const small = (more: Partial<CreateRequest> = {}): CreateRequest => ({
  memoryMiB: GUEST_MIN_MEMORY_MIB,
  cpus: 1,
  noVirtExtensions: false,
  waitReady: false,
  ...more,
});

/** Settles every promise and sorts the outcomes: what each caller would have seen. */
async function outcomes<T>(calls: Array<Promise<T>>): Promise<{ ok: T[]; failed: Array<{ code?: string; message: string }> }> {
  const settled = await Promise.allSettled(calls);
  return {
    ok: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
    failed: settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as { code?: string; message: string }] : [])),
  };
}

describe.skipIf(skipWithoutQemu)('VMs asked for at the same moment', () => {
  let service: VmService;
  let dir = '';

  afterAll(async () => {
    await disposeAndCheck(service);
  });

  it('get distinct ids and both run, and a third beyond the limit is refused', async () => {
    service = newService({ maxVms: 2 });
    dir = await service.runtime();
    const { ok, failed } = await outcomes([
      service.create(small({ waitReady: true })),
      service.create(small({ waitReady: true })),
      service.create(small({ waitReady: true })),
    ]);
    expect(ok.map((vm) => vm.id).sort()).toEqual(['vm1', 'vm2']);
    expect(ok.map((vm) => vm.state)).toEqual(['running', 'running']);
    expect(failed).toEqual([expect.objectContaining({ code: 'limit' })]);
    expect(qemuProcessesOf(dir)).toHaveLength(2);
    await Promise.all([service.kill('vm1'), service.kill('vm2')]);
    expect(qemuProcessesOf(dir)).toEqual([]);
  });

  it('start exactly one QEMU when they all ask for the same id', async () => {
    const { ok, failed } = await outcomes([
      service.create(small({ id: 'same' })),
      service.create(small({ id: 'same' })),
      service.create(small({ id: 'same' })),
    ]);
    expect(ok.map((vm) => vm.id)).toEqual(['same']);
    expect(failed.map((e) => [e.code, e.message])).toEqual([
      ['bad-request', 'a VM named same already exists'],
      ['bad-request', 'a VM named same already exists'],
    ]);
    expect(qemuProcessesOf(dir)).toHaveLength(1);
    await service.kill('same');
    expect(service.list()).toEqual([]);
    expect(qemuProcessesOf(dir)).toEqual([]);
  });

  it('stop a VM killed while it is prepared, or while its QEMU starts', async () => {
    const early = service.create(small({ id: 'early' }));
    await service.kill('early');
    await expect(early).rejects.toMatchObject({ code: 'unavailable', message: 'early was killed while it was starting' });

    const late = service.create(small({ id: 'late', waitReady: true }));
    await until(() => qemuProcessesOf(dir).length === 1, 60_000, 'the QEMU of late to start');
    await service.kill('late');
    await expect(late).rejects.toMatchObject({ code: 'unavailable', message: 'late was killed while it was starting' });
    expect(service.list()).toEqual([]);
    expect(qemuProcessesOf(dir)).toEqual([]);
  });
});
