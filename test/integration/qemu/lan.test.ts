import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pingAll } from '../../../src/backend/qemu/pingCheck';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { disposeAndCheck, newService, ownQemuRecords, skipWithoutQemu } from './qemuTestKit';

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

  it('is private: a socket in the 0700 runtime folder, no multicast group, no UDP socket any other process could join', async () => {
    const qemus = ownQemuRecords().filter((r) => / -name vm[123],/.test(r.cmdline));
    expect(qemus).toHaveLength(3);
    const udpInodes = new Set(
      ['/proc/net/udp', '/proc/net/udp6'].flatMap((table) =>
        readFileSync(table, 'utf8')
          .split('\n')
          .slice(1)
          .map((line) => line.trim().split(/\s+/)[9]),
      ),
    );
    for (const { pid, cmdline } of qemus) {
      expect(cmdline).not.toMatch(/mcast|dgram|-netdev socket/);
      const socketPath = /-netdev stream,[^ ]*addr\.path=([^, ]+)/.exec(cmdline)?.[1];
      expect(socketPath).toBeDefined();
      expect(statSync(socketPath!).isSocket()).toBe(true);
      expect(statSync(path.dirname(socketPath!)).mode & 0o777).toBe(0o700);
      const sockets = readdirSync(`/proc/${pid}/fd`)
        .map((fd) => /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1])
        .filter((inode) => inode !== undefined);
      expect(sockets.filter((inode) => udpInodes.has(inode))).toEqual([]);
    }
  });

  it('shows each guest its own hostname and address', async () => {
    const { stdout: out } = await service.machine('vm2').exec('hostname; ip -4 addr show eth0');
    expect(out).toMatch(/^vm2$/m);
    expect(out).toContain(`inet ${service.list()[1]!.ip}/24`);
  });

  it('powers a VM off cleanly on stop (power button, then QEMU exits)', async () => {
    const reasons: string[] = [];
    const unsubscribe = service.subscribeEvents(
      { id: 'vm3' },
      {
        write: (e) => {
          if (e.type === 'vm' && e.vm.state === 'stopped') reasons.push(e.vm.reason ?? '');
          return true;
        },
        onDrain: () => {},
        end: () => {},
        closed: false,
      },
    );
    await service.stop('vm3');
    unsubscribe();
    expect(reasons).toEqual(['the guest powered off']);
    expect(service.list().map((v) => v.id)).toEqual(['vm1', 'vm2']);
  });
});
