import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GuestImage } from '../../../src/backend/qemu/guestImage';
import { BOOT_TIMEOUT_MS, newService, recipeDir, skipWithoutQemu, testHome } from './qemuTestKit';

/** A PATH holding only what real VMs need: QEMU, qemu-img and a shell; no apt-get, apt-cache or dpkg. */
function pathWithoutApt(): string {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'strata-no-apt-'));
  for (const tool of ['qemu-system-x86_64', 'qemu-img', 'sh']) {
    symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), path.join(bin, tool));
  }
  return bin;
}

describe.skipIf(skipWithoutQemu)('the guest image on a host without apt', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'strata-archive-home-'));
  const savedPath = process.env.PATH;
  let bin = '';
  const service = newService({ home });

  afterAll(async () => {
    process.env.PATH = savedPath;
    await service.dispose();
    rmSync(home, { recursive: true, force: true });
    if (bin) rmSync(bin, { recursive: true, force: true });
  });

  it(
    "is fetched from the archive the apt sources name, verified, boots to a shell, and its initramfs is the apt path's byte for byte",
    { timeout: 600_000 },
    async () => {
      const viaApt = await new GuestImage(testHome, recipeDir).ensure();
      bin = pathWithoutApt();
      process.env.PATH = bin;
      expect(() => execFileSync('sh', ['-c', 'command -v apt-get || command -v dpkg'])).toThrow();

      const phases: string[] = [];
      let downloaded = 0;
      const unsubscribe = service.subscribeEvents(
        {},
        {
          closed: false,
          write: (e) => {
            if (e.type === 'image') {
              phases.push(e.phase);
              if (e.phase === 'download' && e.bytes) downloaded = Math.max(downloaded, e.bytes.received);
            }
            return true;
          },
          onDrain: () => {},
          end: () => {},
        },
      );
      const vm = await service.create({ memoryMiB: 256, cpus: 1, noVirtExtensions: false, waitReady: true });
      unsubscribe();
      expect(phases).toContain('download');
      expect(downloaded).toBeGreaterThan(1_000_000);
      expect((await service.machine(vm.id).exec('uname -r', BOOT_TIMEOUT_MS)).stdout).toContain(viaApt.kernelRelease);

      const viaArchive = await new GuestImage(home, recipeDir).current();
      expect(viaArchive?.kernelPackage).toBe(viaApt.kernelPackage);
      expect(readFileSync(viaArchive!.initrd).equals(readFileSync(viaApt.initrd))).toBe(true);
      expect(readFileSync(viaArchive!.kernel).equals(readFileSync(viaApt.kernel))).toBe(true);
    },
  );
});
