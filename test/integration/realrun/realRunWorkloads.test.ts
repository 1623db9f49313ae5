import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealRunContract } from '../../../src/api/realRunApi';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { contractOf, RealRun } from '../../../src/backend/realrun/realRun';
import { parseStack } from '../../../src/core/stack';
import { disposeAndCheck, newService, qemuProcessesOf, skipWithoutQemu, testHome } from '../qemu/qemuTestKit';

/** A guest running the build-like workload (-j 2), another busybox httpd under its Poisson load generator. */
const STACK = `
name: A build and a web server
layers:
  - { id: N1, kind: node, cpus: 1 }
  - { id: N2, kind: node, cpus: 1 }
  - { id: host1, kind: os, on: N1 }
  - { id: host2, kind: os, on: N2 }
  - { id: h1, kind: hypervisor, product: qemu, on: host1 }
  - { id: h2, kind: hypervisor, product: qemu, on: host2 }
  - { id: vm1, kind: vm, vcpus: 1, memoryMiB: 128, on: h1 }
  - { id: vm2, kind: vm, vcpus: 1, memoryMiB: 128, on: h2 }
  - { id: g1, kind: os, on: vm1 }
  - { id: g2, kind: os, on: vm2 }
  - { id: build, kind: app, workload: kernel-make, jobs: 2, cpuSeconds: 0.05, on: g1 }
  - { id: web, kind: app, workload: apache, requestsPerSecond: 0.5, on: g2 }
`;

describe.skipIf(skipWithoutQemu)('the build-like and HTTP workloads on a real guest', () => {
  let service: VmService;

  beforeAll(() => {
    service = newService();
  });

  afterAll(async () => {
    await disposeAndCheck(service);
  });

  it('builds every object in short processes, serves the load, and reports both beside the model', { timeout: 600_000 }, async () => {
    const parsed = parseStack(STACK);
    if (!parsed.stack) throw new Error('the test stack does not parse');
    const realRun = new RealRun('w1', parsed.stack, service, { home: testHome, budgetS: 60 });
    let built: Promise<string> | undefined;
    realRun.subscribe((e) => {
      // Once the build ended, its guest still holds what it made: every object, and the linked image.
      if (e.type === 'log' && /build finished/.test(e.message) && !built)
        built = service
          .machine('w1-1-vm1')
          .exec(
            'ls /run/strata-real/build/obj | wc -l; ls /run/strata-real/build/claim | wc -l; ls /run/strata-real/build/tmp | wc -l; wc -c < /run/strata-real/build/image',
            20_000,
          )
          .then(
            (r) => r.stdout,
            (err: Error) => `exec failed: ${err.message}`,
          );
    });
    const report = await realRun.run();

    const build = report.apps.build!;
    expect(build.measured.makespanS).toBeGreaterThan(0);
    expect(build.simulated.makespanS).toBeGreaterThan(0);
    expect(build.ratio).toBeCloseTo(build.measured.makespanS! / build.simulated.makespanS!, 2);
    expect(report.scaled.join('\n')).toMatch(/1,500 objects are built as 40/);
    const [objects, claimed, temporary, imageBytes] = (await built)!.trim().split('\n').map(Number);
    expect([objects, claimed, temporary]).toEqual([40, 40, 0]);
    expect(imageBytes).toBeGreaterThan(40 * 32 * 30);

    // The HTTP app: throughput and p99 measured and simulated, with both ratios.
    const web = report.apps.web!;
    expect(web.measured.throughputRps, JSON.stringify(report.log)).toBeGreaterThan(0);
    expect(web.measured.latencyP99Ms).toBeGreaterThan(0);
    expect(web.simulated.throughputRps).toBeGreaterThan(0);
    expect(web.simulated.latencyP99Ms).toBeGreaterThan(0);
    expect(web.ratio).toBeCloseTo(web.measured.latencyP99Ms! / web.simulated.latencyP99Ms!, 2);
    expect(web.throughputRatio).toBeCloseTo(web.measured.throughputRps! / web.simulated.throughputRps!, 2);
    expect(report.series.measured.apps.web!.progress.at(-1)).toBe(1);
    expect(report.series.measured.apps.build!.progress.at(-1)).toBe(1);

    expect(RealRunContract.strict().parse(contractOf(report))).toEqual(contractOf(report));
    expect(service.list()).toEqual([]);
    expect(qemuProcessesOf(await service.runtime())).toEqual([]);
  });
});
