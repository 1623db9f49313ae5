import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageStatus, MigrationResult, VmInfo } from '../../../../src/api/vmApi';
import { useStrata } from '../../../../src/renderer/store/store';
import { connectedStore, type Answers, type FakeBackend } from './fakeBackend';

const READY: ImageStatus = { state: 'ready', kernelPackage: 'linux-image-cloud-amd64', builtAt: 1 };

function vm(id: string, fields: Partial<VmInfo> = {}): VmInfo {
  return { id, node: 'node1', state: 'running', memoryMiB: 256, cpus: 1, hostname: id, accel: 'tcg', start: 'template', createdAt: 1, ...fields };
}

function migration(fields: Partial<MigrationResult> = {}): MigrationResult {
  return { id: 'vm1', fromNode: 'node1', toNode: 'node2', totalMs: 900, downtimeMs: 40, ramBytes: 1 << 26, ...fields };
}

let backend: FakeBackend;
let stopWatching = (): void => {};
const state = () => useStrata.getState();
const ids = () => state().vms.map((v) => v.id);

/** A fresh store connected to a fake backend and listening to VM events, as the app does once connected. */
async function watch(answers: Answers = {}): Promise<void> {
  stopWatching();
  backend = await connectedStore({ 'image.status': () => READY, ...answers });
  stopWatching = state().watchMachines();
  await vi.waitFor(() => expect(state().imageStatus).not.toBeNull());
}

describe('the machines slice, following vm.events', () => {
  beforeEach(() => watch());
  afterEach(() => stopWatching());

  it('subscribes once, and stops when told to', () => {
    expect(backend.subscribed('vm.events')).toBe(1);
    stopWatching();
    expect(backend.subscribed('vm.events')).toBe(0);
  });

  it('adds a VM created anywhere, selecting it only when none is selected, and remembers its node', () => {
    backend.emit('vm.events', { type: 'vm', vm: vm('vm1') });
    expect(ids()).toEqual(['vm1']);
    expect(state().selectedVm).toBe('vm1');
    backend.emit('vm.events', { type: 'vm', vm: vm('vm2', { node: 'node2', state: 'booting' }) });
    expect(ids()).toEqual(['vm1', 'vm2']);
    expect(state().selectedVm).toBe('vm1');
    expect(state().nodesSeen).toEqual(['node1', 'node2']);
  });

  it('replaces a VM’s row in place when its state changes', () => {
    backend.emit('vm.events', { type: 'vm', vm: vm('vm1', { state: 'booting' }) });
    backend.emit('vm.events', { type: 'vm', vm: vm('vm2') });
    backend.emit('vm.events', { type: 'vm', vm: vm('vm1', { state: 'running', bootMs: 4200 }) });
    backend.emit('vm.events', { type: 'vm', vm: vm('vm1', { state: 'paused', bootMs: 4200 }) });
    expect(state().vms.map((v) => [v.id, v.state])).toEqual([
      ['vm1', 'paused'],
      ['vm2', 'running'],
    ]);
    expect(state().vms[0]!.bootMs).toBe(4200);
  });

  it('does not take the placeholder node of a VM between QEMU processes for a node', () => {
    backend.emit('vm.events', { type: 'vm', vm: vm('vm1', { node: '-', state: 'migrating' }) });
    backend.emit('vm.events', { type: 'vm', vm: vm('vm1', { node: 'node3' }) });
    expect(state().nodesSeen).toEqual(['node3']);
  });

  it('drops a killed VM, and the selection moves to the first VM left', () => {
    for (const id of ['vm1', 'vm2', 'vm3']) backend.emit('vm.events', { type: 'vm', vm: vm(id) });
    state().selectVm('vm2');
    backend.emit('vm.events', { type: 'removed', id: 'vm3' });
    expect(ids()).toEqual(['vm1', 'vm2']);
    expect(state().selectedVm).toBe('vm2');
    backend.emit('vm.events', { type: 'removed', id: 'vm2' });
    expect(state().selectedVm).toBe('vm1');
    backend.emit('vm.events', { type: 'removed', id: 'vm1' });
    expect(ids()).toEqual([]);
    expect(state().selectedVm).toBeNull();
  });

  it('drops the VMs a `listed` event does not name, and keeps the list as it is when all are there', () => {
    for (const id of ['vm1', 'vm2', 'vm3']) backend.emit('vm.events', { type: 'vm', vm: vm(id) });
    const before = state().vms;
    backend.emit('vm.events', { type: 'listed', ids: ['vm1', 'vm2', 'vm3'] });
    expect(state().vms).toBe(before);
    state().selectVm('vm3');
    backend.emit('vm.events', { type: 'listed', ids: ['vm1', 'vm3'] });
    expect(ids()).toEqual(['vm1', 'vm3']);
    expect(state().selectedVm).toBe('vm3');
    backend.emit('vm.events', { type: 'listed', ids: ['vm1'] });
    expect(state().selectedVm).toBe('vm1');
  });

  it('after a reconnection, drops the VM killed while the connection was down and keeps the others', async () => {
    backend.emit('vm.events', { type: 'vm', vm: vm('vm1') });
    backend.emit('vm.events', { type: 'vm', vm: vm('vm2') });
    backend.drop();
    // Another tab kills vm1 meanwhile: its `removed` event goes nowhere.
    backend.emit('vm.events', { type: 'removed', id: 'vm1' });
    expect(ids()).toEqual(['vm1', 'vm2']);
    await vi.waitFor(() => expect(backend.subscribed('vm.events')).toBe(1));
    // The stream opens again with the VMs there are, then the list of their ids.
    backend.emit('vm.events', { type: 'vm', vm: vm('vm2', { state: 'paused' }) });
    backend.emit('vm.events', { type: 'listed', ids: ['vm2'] });
    expect(state().vms.map((v) => [v.id, v.state])).toEqual([['vm2', 'paused']]);
    expect(state().selectedVm).toBe('vm2');
    // The stream alone fills the list: a vm.list answered late could bring vm1 back.
    expect(backend.called()).not.toContain('vm.list');
  });

  it('keeps each VM’s latest boot milestone', () => {
    backend.emit('vm.events', { type: 'boot', id: 'vm1', phase: 'spawned', ms: 10 });
    backend.emit('vm.events', { type: 'boot', id: 'vm2', phase: 'spawned', ms: 12 });
    backend.emit('vm.events', { type: 'boot', id: 'vm1', phase: 'kernel', ms: 800 });
    expect(state().bootProgress).toEqual({ vm1: { phase: 'kernel', ms: 800 }, vm2: { phase: 'spawned', ms: 12 } });
  });

  it('shows an image build’s progress, and reads the image status again once it is ready', async () => {
    const built: ImageStatus = { state: 'ready', kernelPackage: 'linux-image-cloud-amd64', builtAt: 2 };
    await watch({ 'image.status': () => (backend.calls.length > 1 ? built : { state: 'missing' }) });
    backend.emit('vm.events', { type: 'image', phase: 'download', message: 'linux-image', done: 1, total: 5, bytes: { received: 10, total: 100 } });
    expect(state().imageStatus?.state).toBe('building');
    expect(state().imageProgress).toEqual({ phase: 'download', message: 'linux-image', done: 1, total: 5, bytes: { received: 10, total: 100 } });
    backend.emit('vm.events', { type: 'image', phase: 'ready', message: 'image built', done: 5, total: 5 });
    expect(state().imageStatus).toMatchObject({ state: 'ready', message: 'image built' });
    await vi.waitFor(() => expect(state().imageStatus).toEqual(built));
  });

  it('says the image is missing when its build failed', () => {
    backend.emit('vm.events', { type: 'image', phase: 'failed', message: 'no network', done: 1, total: 5 });
    expect(state().imageStatus).toMatchObject({ state: 'missing', message: 'no network' });
  });

  it('keeps a migration reported by both its event and the command’s reply once, and both nodes as targets', async () => {
    const result = migration();
    await watch({ 'vm.migrate': () => result });
    backend.emit('vm.events', { type: 'vm', vm: vm('vm1') });
    backend.emit('vm.events', { type: 'migration', id: 'vm1', phase: 'started', toNode: 'node2' });
    expect(state().migrations).toEqual([]);
    backend.emit('vm.events', { type: 'migration', id: 'vm1', phase: 'completed', toNode: 'node2', result });
    await state().migrateVm('vm1', 'node2');
    expect(state().migrations).toEqual([result]);
    expect(state().nodesSeen).toEqual(['node1', 'node2']);
    // The VM back on node1 is another migration.
    backend.emit('vm.events', { type: 'migration', id: 'vm1', phase: 'completed', toNode: 'node1', result: migration({ fromNode: 'node2', toNode: 'node1' }) });
    expect(state().migrations).toHaveLength(2);
  });

  it('says which migration failed and why', () => {
    backend.emit('vm.events', { type: 'migration', id: 'vm1', phase: 'failed', toNode: 'node2', message: 'the destination did not start' });
    expect(state().machinesError).toBe('Migration of vm1 to node2 failed: the destination did not start');
    backend.emit('vm.events', { type: 'migration', id: 'vm1', phase: 'failed', toNode: 'node3' });
    expect(state().machinesError).toBe('Migration of vm1 to node3 failed: unknown reason');
  });

  it('tells the student about the VMs of a previous run it stopped, until dismissed', () => {
    const message = 'Stopped 1 VM a previous run of Strata left running: vm3 (QEMU pid 42).';
    backend.emit('vm.events', { type: 'reaped', vms: ['vm3'], message });
    expect(state().machinesNotice).toBe(message);
    state().dismissMachinesNotice();
    expect(state().machinesNotice).toBeNull();
  });
});

describe('the machines slice’s actions', () => {
  afterEach(() => stopWatching());

  it('marks a VM busy while its action runs, and shows the error of one that failed', async () => {
    let fail: (err: Error) => void = () => {};
    await watch({ 'vm.kill': () => new Promise((_, reject) => (fail = reject)) });
    const killing = state().vmAction('vm1', 'kill');
    await vi.waitFor(() => expect(backend.called()).toContain('vm.kill'));
    expect(state().busy).toEqual({ vm1: 'Killing' });
    fail(new Error('no VM vm1'));
    await killing;
    expect(state().busy).toEqual({});
    expect(state().machinesError).toBe('no VM vm1');
  });

  it('shows a paused VM at once from the command’s reply', async () => {
    await watch({ 'vm.pause': ({ id }) => vm(id, { state: 'paused' }) });
    backend.emit('vm.events', { type: 'vm', vm: vm('vm1') });
    await state().vmAction('vm1', 'pause');
    expect(state().vms.map((v) => v.state)).toEqual(['paused']);
  });

  it('selects a VM it created, and the deployed cluster’s first VM', async () => {
    await watch({ 'vm.create': () => vm('vm7', { state: 'booting' }), 'cluster.deploy': () => [vm('vm8'), vm('vm9', { node: 'node2' })] });
    backend.emit('vm.events', { type: 'vm', vm: vm('vm1') });
    await state().createVm({ memoryMiB: 256, cpus: 1, noVirtExtensions: false });
    expect(state().selectedVm).toBe('vm7');
    await state().deployCluster(2, 2);
    expect(ids()).toEqual(['vm1', 'vm7', 'vm8', 'vm9']);
    expect(state().selectedVm).toBe('vm8');
  });
});
