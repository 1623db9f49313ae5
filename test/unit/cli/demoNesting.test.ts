import { describe, expect, it } from 'vitest';
import type { NestingReport } from '../../../src/backend/qemu/nesting/nestingDemo';
import { formatNesting } from '../../../src/cli/demoNesting';

const report: NestingReport = {
  accel: 'tcg',
  loadAverage: 0.4,
  hostShell: 'busybox sh',
  levels: [
    { level: 'host', iterations: 500_000, seconds: 1.2, perSecond: 416_666, slowdown: 1 },
    { level: 'guest', iterations: 100_000, seconds: 3.6, perSecond: 27_548, slowdown: 15.1 },
    { level: 'inner-kvm', iterations: 20_000, seconds: 1.5, perSecond: 13_071, slowdown: 31.9 },
  ],
  attempts: [
    { accel: 'kvm', booted: true, bootMs: 20_900, innerShell: 'inner 6.1.0-50-cloud-amd64', outerCpu: 'qemu64', outerSvm: true },
    {
      accel: 'kvm',
      booted: false,
      message: "the guest kernel says: kvm: no hardware support for 'kvm_amd'\nQEMU stopped (status 1): failed to initialize kvm",
      outerCpu: 'qemu64,-svm',
      outerSvm: false,
    },
  ],
  innerLeftRunning: 0,
  asExpected: false,
};

describe('strata demo nesting, as a person reads it', () => {
  it('says which inner guest booted and which was refused, in the guest’s words, on one line each', () => {
    const lines = formatNesting(report).split('\n');
    expect(lines.find((l) => l.includes('KVM in a guest with -cpu qemu64 '))).toMatch(/booted in 20\.9 s \(inner shell: inner 6\.1\.0-50-cloud-amd64\)$/);
    expect(lines.find((l) => l.includes('-cpu qemu64,-svm'))).toMatch(/REFUSED: the guest kernel says: kvm: no hardware support for 'kvm_amd' \/ QEMU stopped/);
  });

  it('gives each level’s rate and its slowdown against the host', () => {
    const text = formatNesting(report);
    expect(text).toMatch(/host\s+416666 iterations\/s\s*\n/);
    expect(text).toMatch(/inner guest, KVM\s+13071 iterations\/s\s+31\.9x slower than the host/);
    expect(text).toContain('busybox sh on the host; host load 0.4');
  });
});
