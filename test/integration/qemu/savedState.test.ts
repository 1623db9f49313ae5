import { readdirSync, readFileSync, statSync } from 'node:fs';
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
    expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
    expect(streamIsWhole(file)).toBe(true);
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

  it('puts the migration bandwidth cap back after a save', async () => {
    // Strata holds the VM's one QMP connection; the test asks through it.
    const qmp = vm['qmp']();
    const cap = (await qmp.execute<{ 'max-bandwidth': number }>('query-migrate-parameters'))['max-bandwidth'];
    await vm.saveState(path.join(dir, 'cap.state'));
    expect((await qmp.execute<{ 'max-bandwidth': number }>('query-migrate-parameters'))['max-bandwidth']).toBe(cap);
  });

  it('two saves to one file at once both finish, and the file is one whole state', async () => {
    await service.create({ id: 'vm2', memoryMiB: 160, cpus: 1, noVirtExtensions: false, waitReady: true });
    const file = path.join(dir, 'same.state');
    const [a, b] = await Promise.all([vm.saveState(file), service.machine('vm2').saveState(file)]);
    expect(statSync(file).size).toBeOneOf([a.bytes, b.bytes]);
    expect(streamIsWhole(file)).toBe(true);
    expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
    await service.kill('vm2');
    await vm.restoreState(file);
    expect(['vm1', 'vm2']).toContain((await vm.exec('hostname')).stdout.trim());
    await vm.restoreState(path.join(dir, 'vm1.state'));
  });

  it('refuses a missing file and leaves the guest running', async () => {
    await expect(vm.restoreState(path.join(dir, 'none.state'))).rejects.toThrow(/ENOENT/);
    expect(vm.vmState).toBe('running');
    expect((await vm.exec('cat /run/state')).stdout.trim()).toBe('before');
    expect(qemuProcessesOf(dir)).toHaveLength(1);
  });
});

/**
 * Whether a file holds a whole migration stream: QEMU 7.2 ends one with its
 * description (QEMU_VM_VMDESCRIPTION, 0x06, a big-endian 32-bit length, then that much
 * JSON), so a cut file does not end where its last section says it does.
 */
function streamIsWhole(file: string): boolean {
  const bytes = readFileSync(file);
  for (let i = bytes.length - 6; i >= Math.max(0, bytes.length - 1_000_000); i--)
    if (bytes[i] === 0x06 && bytes[i + 5] === 0x7b && i + 5 + bytes.readUInt32BE(i + 1) === bytes.length) return true;
  return false;
}
