import { statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { GuestExtras } from '../../../src/backend/qemu/extras/guestExtras';
import { GuestImage } from '../../../src/backend/qemu/guestImage';
import { BOOT_TIMEOUT_MS, disposeAndCheck, newService, recipeDir, skipWithoutQemu, testHome } from './qemuTestKit';

describe.skipIf(skipWithoutQemu)('guest extras', () => {
  const service = newService();

  afterAll(async () => {
    await disposeAndCheck(service);
  });

  it(
    'gives the criu pack (CRIU, its libraries from Depends, its kernel modules) to the VM that asks, and nothing to the one that does not',
    { timeout: 600_000 },
    async () => {
      const [withCriu, plain] = await Promise.all([
        service.create({ id: 'with-criu', memoryMiB: 256, cpus: 1, noVirtExtensions: false, waitReady: true, extras: ['criu'] }),
        service.create({ id: 'plain', memoryMiB: 192, cpus: 1, noVirtExtensions: false, waitReady: true }),
      ]);
      expect(withCriu.extras).toEqual(['criu']);
      expect(plain.extras).toBeUndefined();
      const base = await new GuestImage(testHome, recipeDir).current();
      expect(service.machine('plain').spec.initrd).toBe(base?.initrd);
      expect(service.machine('with-criu').spec.initrd).not.toBe(base?.initrd);
      // Cached: asked again, the extras give the same initrd without building or writing anything.
      const withCriuInitrd = service.machine('with-criu').spec.initrd!;
      const writtenAt = statSync(withCriuInitrd).mtimeMs;
      const progress: string[] = [];
      const again = await new GuestExtras(testHome, recipeDir, new GuestImage(testHome, recipeDir)).initrd(base!, ['criu'], (p) => progress.push(p.message));
      expect(again).toBe(withCriuInitrd);
      expect(statSync(again).mtimeMs).toBe(writtenAt);
      expect(progress).toEqual([]);

      const criu = service.machine('with-criu');
      expect(await criu.exec('criu --version', BOOT_TIMEOUT_MS)).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('Version: 3.') });
      const lsmod = (await criu.exec('lsmod', BOOT_TIMEOUT_MS)).stdout;
      for (const mod of ['nf_tables', 'nfnetlink', 'libcrc32c', 'veth', 'unix_diag', 'tcp_diag', 'af_packet_diag'])
        expect(lsmod).toMatch(new RegExp(`^${mod} `, 'm'));
      expect(criu.console.textSince(0)).toContain('strata: pack criu');
      // The network and the base modules still come up as before.
      expect(lsmod).toMatch(/^virtio_net /m);

      const none = await service.machine('plain').exec('command -v criu; ls /etc/strata/packs 2>&1; lsmod | grep -c nf_tables', BOOT_TIMEOUT_MS);
      expect(none.stdout).not.toContain('/criu');
      expect(none.stdout).toMatch(/No such file/);
      expect(none.stdout.trim().split('\n').pop()).toBe('0');
    },
  );

  it("refuses extras for a guest of the user's own kernel", async () => {
    await expect(
      service.create({ memoryMiB: 192, cpus: 1, noVirtExtensions: false, waitReady: false, kernel: '/boot/none', extras: ['criu'] }),
    ).rejects.toThrow(/extras \(criu\) are added to Strata's image only/);
  });
});
