import { describe, expect, it } from 'vitest';
import { compareDebVersions } from '../../../../../src/backend/qemu/archive/debVersion';

describe('compareDebVersions', () => {
  it.each([
    ['6.1.192-3', '6.1.158-1', 1],
    ['6.1.9-1', '6.1.10-1', -1],
    ['1:1.35.0-4', '1.36.0-1', 1],
    ['1.0~rc1-1', '1.0-1', -1],
    ['1.35.0-4+deb12u1', '1.35.0-4', 1],
    ['1.35.0-4+deb12u1+b1', '1.35.0-4+deb12u1', 1],
    ['2.0a-1', '2.0+-1', -1],
    ['1.0', '1.0-0', 0],
    ['6.1.192-3', '6.1.192-3', 0],
  ])('%s against %s', (a, b, sign) => {
    expect(Math.sign(compareDebVersions(a, b))).toBe(sign);
    expect(Math.sign(compareDebVersions(b, a))).toBe(sign === 0 ? 0 : -sign);
  });
});
