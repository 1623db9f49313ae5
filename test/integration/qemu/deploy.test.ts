import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/cliCommand';
import { runDeploy } from '../../../src/cli/deploy';
import { INSTALL_COMMAND } from '../../../src/backend/qemu/hostTools';
import { disposeAndCheck, newService, ownQemuRecords, skipWithoutQemu, testHome } from './qemuTestKit';

function bufferIO(): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => {
      io.stdout += t;
    },
    err: (t: string) => {
      io.stderr += t;
    },
    interrupted: new Promise<void>(() => {}),
  };
  return io;
}

describe.skipIf(skipWithoutQemu)('strata deploy', () => {
  afterAll(() => {
    expect(ownQemuRecords()).toEqual([]);
  });

  it('--check --json boots the cluster, pings all pairs, prints the contract and stops everything', async () => {
    const io = bufferIO();
    const code = await runDeploy(['--vm', 'qemu', '--nbvm', '3', '--nbnode', '2', '--check', '--json'], io, testHome);
    expect(io.stderr).toContain('Booting 3 VMs over 2 nodes');
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout) as {
      vms: Array<{ id: string; node: string; ip: string; bootMs: number; start: string; residentMiB: number; proportionalMiB: number }>;
      pings: { ok: number; total: number };
      memory: { residentMiB: number; proportionalMiB: number };
    };
    expect(Object.keys(out)).toEqual(['vms', 'pings', 'memory']);
    expect(out.vms.map((v) => [v.id, v.node])).toEqual([
      ['vm1', 'node1'],
      ['vm2', 'node2'],
      ['vm3', 'node1'],
    ]);
    for (const v of out.vms) {
      expect(Object.keys(v)).toEqual(['id', 'node', 'ip', 'bootMs', 'start', 'residentMiB', 'proportionalMiB']);
      // A guest of 192 MiB that booted: QEMU holds tens of MiB at least, and its share never exceeds what it holds.
      expect(v.residentMiB).toBeGreaterThan(20);
      expect(v.proportionalMiB).toBeGreaterThan(0);
      expect(v.proportionalMiB).toBeLessThanOrEqual(v.residentMiB);
      expect(['template', 'cold']).toContain(v.start);
      expect(v.ip).toMatch(/^10\.99\.\d+\.\d+$/);
      expect(v.bootMs).toBeGreaterThan(0);
    }
    expect(out.pings).toEqual({ ok: 6, total: 6 });
    expect(out.memory.residentMiB).toBe(out.vms.reduce((sum, v) => sum + v.residentMiB, 0));
    expect(out.memory.proportionalMiB).toBe(out.vms.reduce((sum, v) => sum + v.proportionalMiB, 0));
    expect(ownQemuRecords()).toEqual([]);
  });

  it('without --check keeps the cluster up until interrupted, then stops every VM', async () => {
    const io = bufferIO();
    let interrupt!: () => void;
    io.interrupted = new Promise<void>((r) => (interrupt = r));
    const running = runDeploy(['--vm', 'qemu', '--nbvm', '1', '--nbnode', '1'], io, testHome);
    const until = Date.now() + 90_000;
    while (!io.stdout.includes('Press Ctrl-C') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(io.stdout).toMatch(/vm1\s+node1\s+10\.99\.1\.11\s+attach: socat -,raw,echo=0 UNIX-CONNECT:\/tmp\/strata-\w+\/vm1\.console/);
    expect(ownQemuRecords()).toHaveLength(1);
    interrupt();
    expect(await running).toBe(0);
    expect(ownQemuRecords()).toEqual([]);
  });

  it('lets the host memory decide how many VMs: more than 16 pass the options, a cluster too big is refused with the number that fits', async () => {
    const io = bufferIO();
    expect(await runDeploy(['--vm', 'qemu', '--nbvm', '200', '--nbnode', '4', '--memory', '1024', '--check'], io, testHome)).toBe(1);
    expect(io.stderr).toMatch(/Refused: 200 VMs of 1024 MiB need 217600 MiB .*: (\d+ would fit|no VM of that size fits now)/);
    expect(ownQemuRecords()).toEqual([]);
    const tooMany = bufferIO();
    expect(await runDeploy(['--vm', 'qemu', '--nbvm', '245'], tooMany, testHome)).toBe(2);
    expect(tooMany.stderr).toContain('--nbvm must be a whole number from 1 to 244');
  });

  it('rejects bad options with usage and exit status 2', async () => {
    const io = bufferIO();
    expect(await runDeploy(['--vm', 'Vmware', '--nbvm', '6', '--nbnode', '3'], io, testHome)).toBe(2);
    expect(io.stderr).toContain('only qemu machines can be deployed here');
  });
});

describe.skipIf(skipWithoutQemu)('limits and missing tools', () => {
  it('refuses VMs beyond the count and memory limits, clearly', async () => {
    const service = newService({ maxVms: 1, maxMemoryMiB: 512 });
    try {
      await expect(service.create({ memoryMiB: 1024, cpus: 1, noVirtExtensions: false, waitReady: false })).rejects.toMatchObject({
        code: 'limit',
        message: expect.stringContaining('above the limit of 512 MiB'),
      });
      await service.create({ id: 'vm1', memoryMiB: 128, cpus: 1, noVirtExtensions: false, waitReady: false });
      await expect(service.deploy(2, 1, 128, false)).rejects.toMatchObject({ code: 'limit', message: expect.stringContaining('the limit is 1') });
    } finally {
      await disposeAndCheck(service);
    }
  });

  it('names the exact install command when QEMU is not installed', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    const service = newService();
    try {
      await expect(service.create({ memoryMiB: 128, cpus: 1, noVirtExtensions: false, waitReady: false })).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringContaining(INSTALL_COMMAND),
      });
      const status = await service.imageStatus();
      expect(status.state).toBe('unavailable');
      expect(status.missing?.map((m) => m.tool)).toContain('qemu-system-x86_64');
    } finally {
      process.env.PATH = path;
      await service.dispose();
    }
  });
});
