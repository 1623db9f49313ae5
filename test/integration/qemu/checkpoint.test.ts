import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimCheckpoint } from '../../../src/api/checkpointApi';
import { CheckpointService } from '../../../src/backend/checkpoints/checkpointService';
import { pingAll } from '../../../src/backend/qemu/pingCheck';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { CollectingSink, disposeAndCheck, newService, qemuProcessesOf, skipWithoutQemu, until } from './qemuTestKit';

const COUNTER = '/root/counter';
const bump = `n=$(cat ${COUNTER} 2>/dev/null || echo 0); echo $((n+1)) > ${COUNTER}; cat ${COUNTER}`;
const builderRun: SimCheckpoint = { place: 'builder', stack: 'name: demo\nlayers:\n  - { id: N1, kind: node }\n', seriesStepS: 2, timeS: 42.5 };

describe.skipIf(skipWithoutQemu)('seminar checkpoints: every VM and the runs saved together, rewound together', () => {
  // Checkpoints in a home of their own; the guest image comes from the shared test home.
  const home = mkdtempSync(path.join(os.tmpdir(), 'strata-checkpoints-'));
  let service: VmService;
  let checkpoints: CheckpointService;
  const runtimes: string[] = [];

  const counters = async (svc: VmService): Promise<string[]> =>
    Promise.all(['vm1', 'vm2'].map(async (id) => (await svc.machine(id).exec(`cat ${COUNTER}`)).stdout.trim()));

  beforeAll(async () => {
    service = newService();
    checkpoints = new CheckpointService(home, service);
    runtimes.push(await service.runtime());
    await service.deploy(2, 2, 192, true);
  });

  afterAll(async () => {
    await disposeAndCheck(service);
    for (const dir of runtimes) expect(qemuProcessesOf(dir)).toEqual([]);
    rmSync(home, { recursive: true, force: true });
  });

  it('rewinds the counter in every guest, the screen of each terminal, and gives back the run with its clock', async () => {
    for (const id of ['vm1', 'vm2']) {
      await service.machine(id).exec(bump);
      await service.machine(id).exec(bump);
    }
    service.machine('vm1').input(new TextEncoder().encode('echo marker-$((6*7))\n'));
    await service.machine('vm1').console.waitFor(/marker-42/, 30_000);
    const terminal = new CollectingSink();
    service.subscribeConsole('vm1', terminal);

    const taken = await checkpoints.take('Before the failure', [builderRun]);
    expect(taken.vms.map((v) => [v.id, v.wasRunning])).toEqual([
      ['vm1', true],
      ['vm2', true],
    ]);
    expect(taken.vms.every((v) => v.stateBytes > 1_000_000)).toBe(true);
    expect(service.list().map((vm) => vm.state)).toEqual(['running', 'running']);

    for (const id of ['vm1', 'vm2']) await service.machine(id).exec(bump);
    expect(await counters(service)).toEqual(['3', '3']);
    service.machine('vm1').input(new TextEncoder().encode('clear; echo after-$((1+1))\n'));
    await service.machine('vm1').console.waitFor(/after-2/, 30_000);

    const before = terminal.chunks.length;
    const rewound = await checkpoints.rewind(taken.id);
    expect(rewound.tookMs).toBeGreaterThan(0);
    expect(rewound.untouched).toEqual([]);
    expect(rewound.checkpoint.sims).toEqual([builderRun]);
    expect(service.list().map((vm) => [vm.id, vm.state])).toEqual([
      ['vm1', 'running'],
      ['vm2', 'running'],
    ]);
    expect(await counters(service)).toEqual(['2', '2']);
    // The terminal stayed connected: it was reset and shown the screen of the checkpoint.
    // Output the guest printed just before the rewind may come first: the screen follows the reset.
    const received = new TextDecoder().decode(Buffer.concat(terminal.chunks.slice(before)));
    expect(received).toContain('\x1bc');
    const replayed = received.slice(received.lastIndexOf('\x1bc'));
    expect(replayed).toContain('marker-42');
    expect(replayed).not.toContain('after-');
    expect(terminal.closed).toBe(false);
    // The guests are on their LAN still.
    expect(await pingAll([service.machine('vm1'), service.machine('vm2')])).toEqual({ ok: 2, total: 2, failed: [] });
  });

  it('rewinds a paused VM to paused, and leaves a VM started after the checkpoint alone', async () => {
    await service.pause('vm2');
    const taken = await checkpoints.take('vm2 paused', []);
    expect(taken.vms.find((v) => v.id === 'vm2')?.wasRunning).toBe(false);
    expect(service.list().find((vm) => vm.id === 'vm2')?.state).toBe('paused');
    await service.resume('vm2');
    await service.create({ id: 'vm3', memoryMiB: 160, cpus: 1, noVirtExtensions: false, waitReady: true });
    const rewound = await checkpoints.rewind(taken.id);
    expect(rewound.untouched).toEqual(['vm3']);
    expect(service.list().map((vm) => [vm.id, vm.state])).toEqual([
      ['vm1', 'running'],
      ['vm2', 'paused'],
      ['vm3', 'running'],
    ]);
    await service.kill('vm3');
    await checkpoints.delete(taken.id);
  });

  it('keeps checkpoints across a restart of Strata: lists them, rewinds into new VMs, deletes them', async () => {
    const [first] = await checkpoints.list();
    expect(first?.name).toBe('Before the failure');
    await service.dispose();
    expect(qemuProcessesOf(runtimes[0]!)).toEqual([]);

    service = newService();
    runtimes.push(await service.runtime());
    checkpoints = new CheckpointService(home, service);
    expect((await checkpoints.list()).map((c) => c.name)).toEqual(['Before the failure']);
    expect(service.list()).toEqual([]);

    const rewound = await checkpoints.rewind(first!.id);
    expect(rewound.checkpoint.sims[0]?.timeS).toBe(42.5);
    expect(service.list().map((vm) => [vm.id, vm.node, vm.state])).toEqual([
      ['vm1', 'node1', 'running'],
      ['vm2', 'node2', 'running'],
    ]);
    expect(await counters(service)).toEqual(['2', '2']);
    const terminal = new CollectingSink();
    service.subscribeConsole('vm1', terminal);
    await until(() => terminal.text.includes('marker-42'), 5000, 'the saved screen');
    expect(await pingAll([service.machine('vm1'), service.machine('vm2')])).toEqual({ ok: 2, total: 2, failed: [] });

    await checkpoints.delete(first!.id);
    expect(await checkpoints.list()).toEqual([]);
    expect(readdirSync(path.join(home, 'checkpoints'))).toEqual([]);
    await expect(checkpoints.rewind(first!.id)).rejects.toMatchObject({ code: 'not-found' });
  });
});
