import { afterAll, describe, expect, it } from 'vitest';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { disposeAndCheck, newService, skipWithoutQemu } from './qemuTestKit';

// Below the API's minimum on purpose (the service itself does not check it): guests too
// small for their kernel, measured on Strata's image.
describe.skipIf(skipWithoutQemu)('a guest that dies while it boots', () => {
  let service: VmService;

  afterAll(async () => {
    await disposeAndCheck(service);
  });

  it('fails the ready wait with the kernel panic line, not after the boot timeout', async () => {
    service = newService();
    // 68 MiB: the kernel runs out of memory while it unpacks the initramfs.
    await expect(service.create({ id: 'tiny', memoryMiB: 68, cpus: 1, noVirtExtensions: false, waitReady: true })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/^tiny did not start: the guest's kernel panicked: Kernel panic - not syncing: \S/),
    });
    expect(service.list()).toEqual([]);
  });

  it('fails the ready wait as soon as QEMU exits', async () => {
    // 64 MiB: the guest resets before its kernel prints a line, and -no-reboot ends QEMU.
    await expect(service.create({ id: 'tinier', memoryMiB: 64, cpus: 1, noVirtExtensions: false, waitReady: true })).rejects.toMatchObject({
      code: 'unavailable',
      message: 'tinier did not start: tinier crashed before its shell was ready: the guest rebooted (a kernel panic reboots it)',
    });
    expect(service.list()).toEqual([]);
  });
});
