import { describe, expect, it } from 'vitest';
import { appProgress, cgroupPath, httpFigures, parseSample, workloadScript } from '../../../../src/backend/realrun/guestScripts';

describe('what a real run reads from its guests', () => {
  it("reads CPU jiffies and each app's progress, start and end files", () => {
    const s = parseSample(
      [
        'cpu  100 5 20 800 10 1 2 0 0 0',
        '/run/strata-real/app1/0.p 0.5',
        '/run/strata-real/app1/1.p 0.25',
        '/run/strata-real/app1/start 12.34',
        '/run/strata-real/app2/end 99.5',
        'garbage line',
      ].join('\n'),
    );
    expect(s.total).toBe(938);
    expect(s.busy).toBe(938 - 800 - 10);
    expect(s.apps.get('app1')).toEqual({
      progress: new Map([
        ['0.p', 0.5],
        ['1.p', 0.25],
      ]),
      start: 12.34,
    });
    expect(s.apps.get('app2')).toEqual({ progress: new Map(), end: 99.5 });
  });

  it('takes MrBayes at its slowest rank, a custom job at its mean, a build weighing compile and link', () => {
    const p = new Map([
      ['0.p', 0.5],
      ['1.p', 0.25],
    ]);
    const base = { id: 'a', vm: 'v', cpuSeconds: 1 };
    expect(appProgress({ ...base, workload: 'mrbayes', processes: 2 }, p)).toBe(0.25);
    expect(appProgress({ ...base, workload: 'mrbayes', processes: 3 }, p)).toBe(0);
    expect(appProgress({ ...base, workload: 'custom', processes: 2 }, p)).toBe(0.375);
    expect(
      appProgress(
        { ...base, workload: 'kernel-make', processes: 2 },
        new Map([
          ['w0.p', 1],
          ['w1.p', 1],
          ['link.p', 0.5],
        ]),
      ),
    ).toBeCloseTo(0.985);
  });

  it("computes throughput and p99 from the load generator's log", () => {
    const log = Array.from({ length: 100 }, (_, i) => `${10 + i * 0.1} ${10 + i * 0.1 + (i === 99 ? 0.5 : 0.02)}`).join('\n');
    const f = httpFigures(log, 10);
    expect(f.throughputRps).toBe(10);
    expect(f.latencyP99Ms).toBeCloseTo(20, 5);
    expect(httpFigures('', 10)).toEqual({ throughputRps: 0 });
  });

  it("nests cgroups as containers nest, and sizes the CPU loop from this host's speed", () => {
    const containers = [
      { id: 'c1', vm: 'v' },
      { id: 'c2', vm: 'v', parent: 'c1' },
    ];
    expect(cgroupPath(containers, 'c2', 'app1')).toBe('/sys/fs/cgroup/c1/c2/app1');
    expect(cgroupPath(containers, undefined, 'app1')).toBe('/sys/fs/cgroup/app1');
    expect(workloadScript({ id: 'app1', vm: 'v', workload: 'mrbayes', processes: 3, cpuSeconds: 0.5 }, 1_000_000, 8080)).toMatch(
      /-v n=500000 .*\n.*\$i -lt 3|while \[ \$i -lt 3 \]/s,
    );
  });
});
