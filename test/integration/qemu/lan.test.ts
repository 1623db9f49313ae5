import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pingAll } from '../../../src/backend/qemu/pingCheck';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { disposeAndCheck, newService, skipWithoutQemu } from './qemuTestKit';

describe.skipIf(skipWithoutQemu)('a virtual LAN between VMs', () => {
  let service: VmService;

  beforeAll(() => {
    service = newService();
  });

  afterAll(async () => {
    await disposeAndCheck(service);
  });

  it('lets three VMs on one LAN ping each other, all pairs', async () => {
    const vms = await service.deploy(3, 3, 192, true);
    expect(vms.map((v) => v.node)).toEqual(['node1', 'node2', 'node3']);
    expect(new Set(vms.map((v) => v.ip)).size).toBe(3);
    const report = await pingAll(vms.map((v) => service.machine(v.id)));
    expect(report).toEqual({ ok: 6, total: 6, failed: [] });
  });

  it('shows each guest its own hostname and address', async () => {
    const { stdout: out } = await service.machine('vm2').exec('hostname; ip -4 addr show eth0');
    expect(out).toMatch(/^vm2$/m);
    expect(out).toContain(`inet ${service.list()[1]!.ip}/24`);
  });

  it('powers a VM off cleanly on stop (power button, then QEMU exits)', async () => {
    const started = Date.now();
    await service.stop('vm3');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(service.list().map((v) => v.id)).toEqual(['vm1', 'vm2']);
  });
});
