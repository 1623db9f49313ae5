import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NestingReport, nestingDemo } from '../../../src/backend/qemu/nesting/nestingDemo';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { formatNesting } from '../../../src/cli/demoNesting';
import { disposeAndCheck, newService, skipWithoutQemu } from './qemuTestKit';

/**
 * One run of the nesting demo shares its two outer guests between the cases: KVM inside
 * the guest that shows svm, KVM refused and QEMU with TCG inside the guest that does not.
 * An inner guest under TCG inside a TCG guest took about 55 s on an idle core, so the
 * whole run gets up to 20 minutes on a busy machine (it ends as soon as it is done).
 */
const RUN_TIMEOUT_MS = 20 * 60_000;

describe.skipIf(skipWithoutQemu)('a hypervisor inside a guest (the nested pack)', () => {
  let service: VmService;
  let report: NestingReport;
  const said: string[] = [];

  beforeAll(async () => {
    service = newService();
    report = await nestingDemo(service, (line) => said.push(line));
    // The figures, for whoever reads the CI log (no bound is asserted on them).
    console.log(formatNesting(report));
  }, RUN_TIMEOUT_MS);

  afterAll(async () => {
    await disposeAndCheck(service);
  }, 60_000);

  const attempt = (accel: 'kvm' | 'tcg', outerSvm: boolean) => report.attempts.find((a) => a.accel === accel && a.outerSvm === outerSvm);

  it('QEMU with TCG inside a guest whose CPU hides svm reaches an inner shell', () => {
    const tcg = attempt('tcg', false);
    expect(tcg, said.join('\n')).toMatchObject({ booted: true, outerCpu: 'qemu64,-svm' });
    // The inner guest's own shell answered: its hostname and the kernel it booted.
    expect(tcg?.innerShell).toMatch(/^inner 6\.\d+\.\d+-\d+-cloud-amd64$/);
    expect(tcg?.bootMs).toBeGreaterThan(0);
  });

  it('KVM inside a guest without svm is refused with the guest kernel’s own message', () => {
    const kvm = attempt('kvm', false);
    expect(kvm?.booted).toBe(false);
    expect(kvm?.message).toContain("kvm: no hardware support for 'kvm_amd'");
    // And QEMU's, which finds no /dev/kvm to open.
    expect(kvm?.message).toMatch(/QEMU stopped \(status 1\): .*failed to initialize kvm/);
  });

  it('KVM inside a guest whose CPU shows svm loads kvm_amd and boots an inner guest', () => {
    const kvm = attempt('kvm', true);
    expect(kvm, said.join('\n')).toMatchObject({ booted: true, outerCpu: 'qemu64' });
    expect(kvm?.innerShell).toMatch(/^inner 6\./);
  });

  it('measures the CPU loop at each level, slower at each step down', () => {
    const levels = Object.fromEntries(report.levels.map((l) => [l.level, l]));
    expect(Object.keys(levels).sort()).toEqual(['guest', 'host', 'inner-kvm', 'inner-tcg']);
    for (const l of report.levels) expect(l.perSecond).toBeGreaterThan(0);
    expect(levels.host!.slowdown).toBe(1);
    // TCG translating a TCG guest's code: far slower than the host. No timing bound
    // beyond the order (speed figures belong to benchmarks).
    expect(levels['inner-tcg']!.perSecond).toBeLessThan(levels.host!.perSecond);
    expect(report.asExpected).toBe(true);
  });

  it('leaves no inner QEMU running in the outer guests, and no outer guest running', () => {
    expect(report.innerLeftRunning).toBe(0);
    expect(service.list().filter((vm) => vm.state !== 'stopped')).toEqual([]);
  });
});
