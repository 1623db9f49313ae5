import { describe, expect, it } from 'vitest';
import { parseCpuTime, processCpuSeconds } from '../../../../src/backend/calibration/cpuTime';

describe('CPU times', () => {
  it('reads ps -o time as macOS and the BSDs print it', () => {
    expect(parseCpuTime('0:01.23')).toBeCloseTo(1.23, 6);
    expect(parseCpuTime('12:03.50')).toBeCloseTo(723.5, 6);
    expect(parseCpuTime('01:02:03')).toBe(3723);
    expect(parseCpuTime('2-01:00:00')).toBe(2 * 86400 + 3600);
    expect(() => parseCpuTime('soon')).toThrow('cannot read a CPU time from "soon"');
  });

  // Busy until the clock ticks (10 ms of CPU), however loaded the host: no timed assertion.
  it("grows with this process's own work", { timeout: 60_000 }, async () => {
    const before = await processCpuSeconds(process.pid);
    expect(before).toBeGreaterThan(0);
    let now = before;
    for (let x = 0; now === before; now = await processCpuSeconds(process.pid)) {
      const until = Date.now() + 50;
      while (Date.now() < until) x += Math.sqrt(x + 1);
    }
    expect(now).toBeGreaterThan(before);
  });
});
