import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Machine } from '../../../src/backend/qemu/machine';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { disposeAndCheck, newService, skipWithoutQemu, testHome } from './qemuTestKit';

describe.skipIf(skipWithoutQemu)('snapshots on a qcow2 overlay', () => {
  let service: VmService;
  let vm: Machine;
  const baseFile = `${testHome}/images/guest/base.qcow2`;
  let baseHash = '';

  beforeAll(async () => {
    service = newService();
    await service.create({ id: 'vm1', memoryMiB: 192, cpus: 1, noVirtExtensions: false, waitReady: true });
    vm = service.machine('vm1');
    baseHash = createHash('sha256').update(readFileSync(baseFile)).digest('hex');
  });

  afterAll(async () => {
    await disposeAndCheck(service);
  });

  it('brings back the guest state saved in a snapshot', async () => {
    await vm.exec('echo before > /root/state');
    const snap = await service.saveSnapshot('vm1', 'first');
    expect(snap.name).toBe('first');
    expect(snap.vmStateBytes).toBeGreaterThan(1_000_000);
    await vm.exec('echo after > /root/state');
    expect((await vm.exec('cat /root/state')).stdout.trim()).toBe('after');

    const info = await service.loadSnapshot('vm1', 'first');
    expect(info.state).toBe('running');
    // The shell restored by loadvm is waiting for input again.
    vm.input(new TextEncoder().encode('\n'));
    expect((await vm.exec('cat /root/state')).stdout.trim()).toBe('before');
  });

  it('lists snapshots, and reports a load or save QEMU refuses in its own words, the guest running on', async () => {
    expect((await service.snapshots('vm1')).map((s) => s.name)).toEqual(['first']);
    await expect(service.loadSnapshot('vm1', 'missing')).rejects.toMatchObject({
      code: 'bad-request',
      message: `vm1: QEMU could not load snapshot "missing": Snapshot 'missing' does not exist in one or more devices`,
    });
    await expect(service.saveSnapshot('vm1', 'first')).rejects.toMatchObject({
      code: 'bad-request',
      message: `vm1: QEMU could not save snapshot "first": Snapshot 'first' already exists in one or more devices`,
    });
    expect(service.list()[0]?.state).toBe('running');
    expect((await vm.exec('cat /root/state')).stdout.trim()).toBe('before');
  });

  it('never writes the base image', () => {
    expect(createHash('sha256').update(readFileSync(baseFile)).digest('hex')).toBe(baseHash);
  });
});
