import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Machine } from '../../../src/backend/qemu/machine';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { disposeAndCheck, newService, qemuProcessesOf, skipWithoutQemu } from './qemuTestKit';

describe.skipIf(skipWithoutQemu)('a guest state saved to a file and restored', () => {
  let service: VmService;
  let vm: Machine;
  let dir: string;

  beforeAll(async () => {
    service = newService();
    await service.create({ id: 'vm1', memoryMiB: 160, cpus: 1, noVirtExtensions: false, waitReady: true });
    vm = service.machine('vm1');
    dir = await service.runtime();
  });

  afterAll(async () => {
    await disposeAndCheck(service);
  });

  it('brings back the guest as it was, in a new QEMU, console and checker channel following', async () => {
    await vm.exec('echo before > /run/state');
    const file = path.join(dir, 'vm1.state');
    const saved = await vm.saveState(file);
    expect(saved.bytes).toBe(statSync(file).size);
    expect(saved.bytes).toBeGreaterThan(1_000_000);
    expect(existsSync(`${file}.part`)).toBe(false);
    // The guest ran on after the save.
    expect(vm.vmState).toBe('running');
    await vm.exec('echo after > /run/state');
    const [before] = qemuProcessesOf(dir);

    await vm.restoreState(file);
    expect(vm.vmState).toBe('running');
    expect((await vm.exec('cat /run/state')).stdout.trim()).toBe('before');
    // One QEMU, a new one: the old process exited.
    const after = qemuProcessesOf(dir);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
    // The restored shell answers on the console too.
    const mark = vm.console.position;
    vm.input(new TextEncoder().encode('echo restored-$((6*7))\n'));
    await vm.console.waitFor(/restored-42/, 60_000, mark);
  });

  it('restores paused on request, and the same file twice', async () => {
    await vm.exec('echo later > /run/state');
    await vm.restoreState(path.join(dir, 'vm1.state'), true);
    expect(vm.vmState).toBe('paused');
    await vm.resume();
    expect((await vm.exec('cat /run/state')).stdout.trim()).toBe('before');
  });

  it('refuses a missing file and leaves the guest running', async () => {
    await expect(vm.restoreState(path.join(dir, 'none.state'))).rejects.toThrow(/ENOENT/);
    expect(vm.vmState).toBe('running');
    expect((await vm.exec('cat /run/state')).stdout.trim()).toBe('before');
    expect(qemuProcessesOf(dir)).toHaveLength(1);
  });
});
