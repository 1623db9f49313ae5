import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VmEvent } from '../../../src/api/vmApi';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { pingAll } from '../../../src/backend/qemu/pingCheck';
import { liveMigration } from '../../../src/cli/demo';
import { CollectingSink, disposeAndCheck, newService, skipWithoutQemu } from './qemuTestKit';

describe.skipIf(skipWithoutQemu)('live migration between two QEMU processes', () => {
  let service: VmService;
  const events: VmEvent[] = [];

  beforeAll(() => {
    service = newService();
    service.subscribeEvents({}, { write: (e) => events.push(e) > 0, onDrain: () => {}, end: () => {}, closed: false });
  });

  afterAll(async () => {
    await disposeAndCheck(service);
  });

  it('moves a counting guest to node2 and the counter goes on, in the same terminal', async () => {
    // A terminal attached before the move must keep receiving after it.
    const terminal = new CollectingSink();
    let attached = false;
    const report = await liveMigration(service, (line) => {
      if (!attached && line.startsWith('Shell ready')) {
        service.subscribeConsole('vm1', terminal);
        attached = true;
      }
    });
    expect(report.continuity).toBe(true);
    expect(report.counterAfter).toBeGreaterThanOrEqual(report.counterBefore + 10);
    expect(report.totalMs).toBeGreaterThan(0);
    expect(report.downtimeMs).toBeGreaterThanOrEqual(0);
    expect(report.ramBytes).toBeGreaterThan(10 * 2 ** 20);
    expect(terminal.text).toContain(`tick ${report.counterAfter}`);
    expect(terminal.closed).toBe(false);

    expect(service.list()[0]).toMatchObject({ id: 'vm1', node: 'node2', state: 'running' });
    const migration = events.filter((e) => e.type === 'migration').map((e) => (e.type === 'migration' ? e.phase : ''));
    expect(migration).toEqual(['started', 'completed']);
    // The guest still answers on node2.
    expect((await service.machine('vm1').exec('echo $((40+2))')).stdout.trim()).toBe('42');
  });

  it('keeps the guest on its LAN: the migrated QEMU joins the switch and frames follow it', async () => {
    await service.create({ id: 'vm2', memoryMiB: 192, cpus: 1, noVirtExtensions: false, waitReady: true });
    const pair = () => pingAll([service.machine('vm1'), service.machine('vm2')]);
    expect(await pair()).toEqual({ ok: 2, total: 2, failed: [] });
    // Once more, now that the switch has learnt vm1 on node2's port.
    await service.migrate('vm1', 'node3');
    expect(await pair()).toEqual({ ok: 2, total: 2, failed: [] });
  });

  it('refuses to migrate a VM to the node it is on', () => {
    expect(() => service.migrate('vm1', 'node3')).toThrow('vm1 already runs on node3');
  });
});
