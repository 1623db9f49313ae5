import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VmEvent } from '../../../src/api/vmApi';
import type { GuestImageFiles } from '../../../src/backend/qemu/guestImage';
import { GuestImage } from '../../../src/backend/qemu/guestImage';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { disposeAndCheck, newService, recipeDir, skipWithoutQemu, testHome } from './qemuTestKit';

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.skipIf(skipWithoutQemu)('guest image and guest options', () => {
  let service: VmService;
  let image: GuestImageFiles;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'strata-user-image-'));

  beforeAll(async () => {
    service = newService();
    image = await new GuestImage(testHome, recipeDir).ensure();
  });

  afterAll(async () => {
    await disposeAndCheck(service);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('rebuilds the image on request and reports each step', async () => {
    const events: VmEvent[] = [];
    // What the Machines view does on hearing `ready`: ask for the status at once.
    let statusOnReady: Promise<{ state: string }> | null = null;
    const stop = service.subscribeEvents(
      {},
      {
        write: (e) => {
          if (e.type === 'image' && e.phase === 'ready') statusOnReady = service.imageStatus();
          return events.push(e) > 0;
        },
        onDrain: () => {},
        end: () => {},
        closed: false,
      },
    );
    const status = await service.buildImage(true);
    stop();
    expect(statusOnReady).not.toBeNull();
    expect((await statusOnReady!).state).toBe('ready');
    expect(status).toMatchObject({ state: 'ready', kernelPackage: expect.stringMatching(/^linux-image-6\.\d+\.\d+-\d+-cloud-amd64$/) });
    const phases = events.filter((e) => e.type === 'image').map((e) => (e.type === 'image' ? e.phase : ''));
    expect(phases).toEqual(['resolve', 'download', 'extract', 'initramfs', 'ready']);
    expect((await service.imageStatus()).state).toBe('ready');
  });

  it('shows a guest CPU without AMD-V when asked, and with it by default', async () => {
    await service.create({ id: 'plain', memoryMiB: 128, cpus: 1, noVirtExtensions: true, waitReady: true });
    await service.create({ id: 'nested', memoryMiB: 128, cpus: 1, noVirtExtensions: false, waitReady: true });
    expect((await service.machine('plain').exec('grep -c -w svm /proc/cpuinfo')).stdout.trim()).toBe('0');
    expect(Number((await service.machine('nested').exec('grep -c -w svm /proc/cpuinfo')).stdout.trim())).toBeGreaterThan(0);
    await service.kill('plain');
    await service.kill('nested');
  });

  it('gives container demos a PID namespace through busybox unshare, and a CPU benchmark', async () => {
    await service.create({ id: 'ct', memoryMiB: 128, cpus: 1, noVirtExtensions: false, waitReady: true });
    const vm = service.machine('ct');
    expect((await vm.exec("unshare -p -f -m -u --mount-proc sh -c 'hostname box; echo pid=$$ host=$(hostname)'")).stdout.trim()).toBe('pid=1 host=box');
    expect((await vm.exec('hostname')).stdout.trim()).toBe('ct');
    expect((await vm.exec('cpubench 2000', 60_000)).stdout).toMatch(/cpubench: 2000 iterations in [\d.]+ s \(\d+ per second\)/);
    await service.kill('ct');
  });

  it('boots a user-provided kernel, initramfs and disk, never writing the disk', async () => {
    const disk = path.join(scratch, 'user.raw');
    execFileSync('qemu-img', ['create', '-q', '-f', 'raw', disk, '16M']);
    const before = sha(disk);
    const info = await service.create({
      id: 'own',
      memoryMiB: 128,
      cpus: 1,
      noVirtExtensions: false,
      waitReady: false,
      kernel: image.kernel,
      initrd: image.initrd,
      disk,
      append: 'console=ttyS0 quiet strata.hostname=own',
    });
    // Strata cannot know when a foreign guest is ready: it is running once QEMU is.
    expect(info.state).toBe('running');
    await service.machine('own').console.waitFor(/strata: ready own/, 90_000);
    await service.saveSnapshot('own', 'on-user-disk');
    await service.kill('own');
    expect(sha(disk)).toBe(before);
  });

  it('refuses a user kernel that does not exist', async () => {
    await expect(service.create({ memoryMiB: 128, cpus: 1, noVirtExtensions: false, waitReady: false, kernel: '/nonexistent/vmlinuz' })).rejects.toMatchObject({
      code: 'bad-request',
      message: 'kernel: /nonexistent/vmlinuz does not exist',
    });
    expect(service.list()).toEqual([]);
  });
});
