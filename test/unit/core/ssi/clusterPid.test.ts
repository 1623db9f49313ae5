import { describe, expect, it } from 'vitest';
import { clusterPid, decodeClusterPid } from '../../../../src/core/ssi/clusterPid';

describe('cluster-wide PIDs', () => {
  it("are Kerrighed's (node << 23) | 2^22 | local pid, and decode back", () => {
    expect(clusterPid(11, 135)).toBe((11 << 23) | (1 << 22) | 135);
    expect(clusterPid(11, 135)).toBe(96469127);
    expect(decodeClusterPid(96469127)).toEqual({ node: 11, localPid: 135 });
    expect(decodeClusterPid(clusterPid(255, 4_194_303))).toEqual({ node: 255, localPid: 4_194_303 });
  });

  it('refuses what does not fit, and a PID without the global flag', () => {
    expect(() => clusterPid(256, 1)).toThrow('node 256');
    expect(() => clusterPid(1, 1 << 22)).toThrow('does not fit');
    expect(decodeClusterPid(135)).toBeUndefined();
    expect(decodeClusterPid(11 << 23)).toBeUndefined();
  });
});
