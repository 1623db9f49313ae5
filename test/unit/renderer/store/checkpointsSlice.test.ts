import { afterEach, describe, expect, it } from 'vitest';
import type { CheckpointInfo, SimCheckpoint } from '../../../../src/api/checkpointApi';
import { registerSimRun } from '../../../../src/renderer/features/checkpoints/simRuns';
import { nextCheckpointName } from '../../../../src/renderer/store/checkpointsSlice';
import { useStrata } from '../../../../src/renderer/store/store';
import { connectedStore } from './fakeBackend';

const state = () => useStrata.getState();

function checkpoint(name: string, fields: Partial<CheckpointInfo> = {}): CheckpointInfo {
  return { id: name.toLowerCase().replace(/ /g, '-'), name, takenAt: 1, tookMs: 250, vms: [], sims: [], ...fields };
}

const vmHeld = (id: string) => ({ id, node: 'node1', hostname: id, memoryMiB: 256, wasRunning: true, stateBytes: 1 << 20 });
const builderRun: SimCheckpoint = { place: 'builder', stack: 'name: s\nlayers: []\n', timeS: 12 };

/** The Builder view's run, as the checkpoints see it while the view is on screen. */
function builderOnScreen() {
  const restored: SimCheckpoint[] = [];
  const forget = registerSimRun('builder', { capture: () => builderRun, restore: async (run) => void restored.push(run) });
  return { restored, forget };
}

describe('nextCheckpointName', () => {
  it('counts on from the checkpoints there are, past a name already taken', () => {
    expect(nextCheckpointName([])).toBe('Checkpoint 1');
    expect(nextCheckpointName([checkpoint('Demo start')])).toBe('Checkpoint 2');
    expect(nextCheckpointName([checkpoint('Checkpoint 2'), checkpoint('Checkpoint 3')])).toBe('Checkpoint 4');
  });
});

describe('the checkpoints slice', () => {
  let forget = (): void => {};
  afterEach(() => forget());

  it('takes a checkpoint of the VMs and the runs on screen, and says what it holds', async () => {
    const builder = builderOnScreen();
    forget = builder.forget;
    const backend = await connectedStore({
      'checkpoint.take': ({ name, sims }) => checkpoint(name, { vms: [vmHeld('vm1')], sims, tookMs: 250 }),
    });
    const taken = await state().takeCheckpoint();
    expect(backend.calls).toEqual([{ method: 'checkpoint.take', params: { name: 'Checkpoint 1', sims: [builderRun] } }]);
    expect(state().checkpoints).toEqual([taken]);
    expect(state().checkpointNews).toEqual({ kind: 'taken', message: 'Checkpoint 1 taken: 1 VM and 1 simulator run, VMs paused 0.25 s.' });
    expect(state().checkpointBusy).toBeNull();
  });

  it('names the next checkpoint after the ones taken, and counts VMs in the plural', async () => {
    await connectedStore({ 'checkpoint.take': ({ name }) => checkpoint(name, { vms: [vmHeld('vm1'), vmHeld('vm2')], tookMs: 12_000 }) });
    useStrata.setState({ checkpoints: [checkpoint('Checkpoint 1')] });
    await state().takeCheckpoint();
    expect(state().checkpointNews?.message).toBe('Checkpoint 2 taken: 2 VMs, VMs paused 12.0 s.');
  });

  it('does one action at a time: a second click while one runs does nothing', async () => {
    let finish: (c: CheckpointInfo) => void = () => {};
    const backend = await connectedStore({ 'checkpoint.take': () => new Promise((resolve) => (finish = resolve)) });
    const first = state().takeCheckpoint('Before the failure');
    expect(state().checkpointBusy).toBe('Taking a checkpoint');
    const second = state().takeCheckpoint();
    expect(backend.called()).toEqual(['checkpoint.take']);
    await expect(second).resolves.toBeNull();
    finish(checkpoint('Before the failure'));
    await expect(first).resolves.toMatchObject({ name: 'Before the failure' });
    expect(state().checkpointBusy).toBeNull();
  });

  it('says why a checkpoint failed, and frees the buttons', async () => {
    await connectedStore({
      'checkpoint.take': () => {
        throw new Error('vm1 is migrating');
      },
    });
    await expect(state().takeCheckpoint()).resolves.toBeNull();
    expect(state().checkpointNews).toEqual({ kind: 'failed', message: 'vm1 is migrating' });
    expect(state().checkpointBusy).toBeNull();
    expect(state().checkpoints).toEqual([]);
  });

  it('rewinds: puts the runs back and says how long it took and which VMs ran on', async () => {
    const builder = builderOnScreen();
    forget = builder.forget;
    const held = checkpoint('Checkpoint 1', { sims: [builderRun] });
    await connectedStore({ 'checkpoint.rewind': () => ({ checkpoint: held, tookMs: 1500, untouched: ['vm3'] }) });
    useStrata.setState({ checkpoints: [held] });
    await state().rewindCheckpoint(held.id);
    expect(builder.restored).toEqual([builderRun]);
    expect(state().checkpointNews).toMatchObject({ kind: 'rewound' });
    expect(state().checkpointNews?.message).toMatch(/^Rewound to Checkpoint 1 in \d+\.\d\d s \(VMs 1\.50 s\)\. vm3 was not in it and ran on\.$/);
  });

  it('keeps a run rewound while its view is away until the view comes back', async () => {
    const held = checkpoint('Checkpoint 1', { sims: [builderRun] });
    await connectedStore({ 'checkpoint.rewind': () => ({ checkpoint: held, tookMs: 10, untouched: ['vm3', 'vm4'] }) });
    useStrata.setState({ checkpoints: [held] });
    await state().rewindCheckpoint(held.id);
    expect(state().checkpointNews?.message).toMatch(/ vm3, vm4 were not in it and ran on\.$/);
    const builder = builderOnScreen();
    forget = builder.forget;
    expect(builder.restored).toEqual([builderRun]);
  });

  it('lists the checkpoints kept, and deletes one', async () => {
    const kept = [checkpoint('Checkpoint 1'), checkpoint('Checkpoint 2')];
    await connectedStore({ 'checkpoint.list': () => kept, 'checkpoint.delete': () => ({}) });
    await state().loadCheckpoints();
    expect(state().checkpoints).toEqual(kept);
    await state().deleteCheckpoint('checkpoint-1');
    expect(state().checkpoints.map((c) => c.name)).toEqual(['Checkpoint 2']);
  });

  it('keeps the list it has when the backend cannot list them', async () => {
    await connectedStore({});
    useStrata.setState({ checkpoints: [checkpoint('Checkpoint 1')] });
    await state().loadCheckpoints();
    expect(state().checkpoints.map((c) => c.name)).toEqual(['Checkpoint 1']);
  });
});
