import { describe, expect, it } from 'vitest';
import { hostReserveMiB, memoryRefusal, vmsThatFit } from '../../../../src/backend/qemu/hostMemory';

describe('host memory limit', () => {
  const host24 = { freeMiB: 23_000, reserveMiB: hostReserveMiB(24_576), startingMiB: 0 };

  it('fits a 16-VM cluster of small guests on a 24 GiB host', () => {
    expect(hostReserveMiB(24_576)).toBe(2458);
    expect(vmsThatFit(host24, 192)).toBe(80);
    expect(memoryRefusal(16, 192, host24)).toBeUndefined();
  });

  it('refuses a cluster too big with the number that would fit, counting VMs still starting', () => {
    const busy = { freeMiB: 3000, reserveMiB: 1024, startingMiB: 512 };
    expect(vmsThatFit(busy, 192)).toBe(5);
    expect(memoryRefusal(16, 192, busy)).toBe(
      "Refused: 16 VMs of 192 MiB need 4096 MiB (64 MiB of QEMU's own each), and this host has 3000 MiB free, keeping 1024 MiB for itself and 512 MiB for VMs still starting: 5 would fit. Stop a VM or ask for fewer or smaller ones.",
    );
    expect(memoryRefusal(1, 4096, busy)).toContain('no VM of that size fits now');
  });
});
