import { describe, expect, it } from 'vitest';
import { accelCpu, acceleratorsFor } from '../../../../src/backend/qemu/accel';

describe('the accelerator choice', () => {
  it.each([
    ['linux', ['kvm', 'tcg']],
    ['darwin', ['hvf', 'tcg']],
    ['win32', ['whpx', 'tcg']],
    ['freebsd', ['tcg']],
  ] as const)('on %s tries %j in that order', (platform, expected) => {
    expect(acceleratorsFor(platform)).toEqual(expected);
  });

  it("runs guests on the host's CPU model under KVM and HVF, on qemu64 (with AMD-V) under TCG and WHPX", () => {
    expect(accelCpu('kvm')).toBe('host');
    expect(accelCpu('hvf')).toBe('host');
    expect(accelCpu('whpx')).toBe('qemu64');
    expect(accelCpu('tcg')).toBe('qemu64');
  });
});
