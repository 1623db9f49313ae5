import { describe, expect, it } from 'vitest';
import { figureText, ratioText } from '../../../../src/renderer/features/realrun/figures';

describe('the side-by-side table of a real run', () => {
  it("shows a makespan's ratio", () => {
    const build = { simulated: { makespanS: 12.5 }, measured: { makespanS: 14.2 }, ratio: 1.136 };
    expect([figureText(build.simulated), figureText(build.measured), ratioText(build)]).toEqual(['12.5 s', '14.2 s', '1.14×']);
  });

  it("shows an HTTP app's throughput and p99, measured and simulated, with both ratios named", () => {
    const web = {
      simulated: { throughputRps: 0.5, latencyP99Ms: 520 },
      measured: { throughputRps: 0.45, latencyP99Ms: 1300 },
      ratio: 2.5,
      throughputRatio: 0.9,
    };
    expect(figureText(web.simulated)).toBe('0.5 req/s, p99 520 ms');
    expect(figureText(web.measured)).toBe('0.45 req/s, p99 1300 ms');
    expect(ratioText(web)).toBe('p99 2.5×, req/s 0.9×');
  });

  it('says what it could not compute', () => {
    expect(ratioText({ simulated: { throughputRps: 0.5 }, measured: {} })).toBe('p99 –, req/s –');
    expect(ratioText({ simulated: {}, measured: {} })).toBe('–');
    expect(figureText({})).toBe('–');
  });
});
