import { describe, expect, it } from 'vitest';
import { appProgress, cgroupPath, httpFigures, loadScript, parseSample, workloadScript } from '../../../../src/backend/realrun/guestScripts';

describe('what a real run reads from its guests', () => {
  it("reads CPU jiffies and each app's progress, start and end files", () => {
    const s = parseSample(
      [
        'cpu  100 5 20 800 10 1 2 0 0 0',
        'uptime 42.17',
        '/run/strata-real/app1/0.p 0.5',
        '/run/strata-real/app1/1.p 0.25',
        '/run/strata-real/app1/start 12.34',
        '/run/strata-real/app2/end 99.5',
        'garbage line',
      ].join('\n'),
    );
    expect(s.total).toBe(938);
    expect(s.busy).toBe(938 - 800 - 10);
    expect(s.uptime).toBe(42.17);
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
          ['o0.p', 0.25],
          ['o3.p', 0.75],
          ['link.p', 0.5],
        ]),
      ),
    ).toBeCloseTo(0.985);
    // Half the compile done, no link yet.
    expect(appProgress({ ...base, workload: 'kernel-make', processes: 2 }, new Map([['o1.p', 0.5]]))).toBeCloseTo(0.485);
  });

  it("computes throughput and p99 from the load generator's log as the model does, unanswered requests censored at the window's end", () => {
    // 100 requests sent 0.1 s apart from 10 s, each answered in 20 ms but the last, answered after the window.
    const lines = Array.from({ length: 100 }, (_, i) => [`R ${i} ${10 + i * 0.1}`, `A ${i} ${10 + i * 0.1 + (i === 99 ? 0.5 : 0.02)}`]).flat();
    const f = httpFigures(lines.join('\n'), 10, 20);
    expect(f.throughputRps).toBeCloseTo(9.9, 5);
    // 99 answers of 20 ms and one censored at 20 - 19.9 = 100 ms: the p99 is the 99th of 100.
    expect(f.latencyP99Ms).toBeCloseTo(20, 5);
    const late = httpFigures([...lines, 'R 100 19.5', 'R 101 19.6'].join('\n'), 10, 20);
    expect(late.throughputRps).toBeCloseTo(9.9, 5);
    expect(late.latencyP99Ms).toBeCloseTo(400, 5);
    expect(httpFigures('', 10, 20)).toEqual({ throughputRps: 0 });
  });

  it('builds objects in short processes: each claimed once by one -j worker, preprocessed, compiled and cleaned up, then linked', () => {
    const script = workloadScript({ id: 'b', vm: 'v', workload: 'kernel-make', processes: 3, cpuSeconds: 1, objects: 4 }, 1_000_000, 8080);
    const table = /<<'OBJECTS'\n([\s\S]*?)\nOBJECTS/
      .exec(script)![1]!
      .split('\n')
      .map((l) => l.split(' ').map(Number));
    expect(table.map(([k]) => k)).toEqual([0, 1, 2, 3]);
    // 97 % of the CPU in compiling, spread by size; the shares of the compile add up to 1.
    expect(table.reduce((a, [, n]) => a + n!, 0)).toBeCloseTo(970_000, -2);
    expect(table.reduce((a, [, , w]) => a + w!, 0)).toBeCloseTo(1, 4);
    // A claim is a file made with noclobber by the shell itself: no process per object, and only one worker's succeeds.
    expect(script).toMatch(/job\(\) \{\n\s*set -C\n/);
    expect(script).toMatch(/\{ : > \$d\/claim\/\$k; \} 2>\/dev\/null \|\| continue/);
    expect(script).toMatch(/sed .* > \$d\/tmp\/\$k\.i\n.*awk -v n=\$n .* \$d\/tmp\/\$k\.i > \$d\/obj\/\$k\.o\n\s*rm \$d\/tmp\/\$k\.i/);
    expect(script).toMatch(/while \[ \$j -lt 3 \]; do job &/);
    expect(script).toMatch(/cat \$d\/obj\/\*\.o > \$d\/tmp\/image\nawk -v n=30000 /);
  });

  it('offers HTTP load as a Poisson process of the given rate, for the window', () => {
    const script = loadScript({ id: 'web', vm: 'v', workload: 'apache', processes: 1, cpuSeconds: 0.01, requestsPerSecond: 5 }, 20, 8081);
    const gaps = /<<'GAPS'\n([\s\S]*?)\nGAPS/.exec(script)![1]!.split('\n').map(Number);
    // Enough gaps for twice the window, exponential with mean 1/5 s (in microseconds).
    expect(gaps.length).toBe(210);
    expect(gaps.every((g) => Number.isInteger(g) && g >= 0)).toBe(true);
    expect(gaps.reduce((a, b) => a + b, 0) / gaps.length).toBeGreaterThan(150_000);
    expect(gaps.reduce((a, b) => a + b, 0) / gaps.length).toBeLessThan(250_000);
    expect(script).toMatch(/end=\$\(\(s0 \+ 2000\)\)/);
    expect(script).toMatch(/wget -q -O \/dev\/null http:\/\/127\.0\.0\.1:8081\/cgi-bin\/page/);
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
