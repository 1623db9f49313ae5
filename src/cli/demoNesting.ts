import type { NestingLevel, NestingReport } from '../backend/qemu/nesting/nestingDemo';

export const nestingHelp = `nesting: boots two guests with the nested pack (QEMU, kvm_amd, an inner kernel and initramfs),
one whose CPU shows AMD-V (svm) and one with -cpu qemu64,-svm. In the first, KVM boots a
guest inside the guest; in the second, KVM is refused with the guest kernel's message and
QEMU with TCG boots the inner guest anyway (the 2007 VMware-on-VMware failure and
QEMU-on-VMware success). Prints each inner guest's boot time and the speed of one CPU loop
on the host, in a guest and in each inner guest. Takes minutes: TCG inside TCG is slow.
With --json prints {"accel","loadAverage","hostShell","levels","attempts",
"innerLeftRunning","asExpected"} (docs/cli.md).

Exit status: 0 when all three attempts went as described, 1 otherwise.
`;

const LEVEL_NAMES: Record<NestingLevel['level'], string> = {
  host: 'host',
  guest: 'guest',
  'inner-kvm': 'inner guest, KVM',
  'inner-tcg': 'inner guest, TCG',
};

/** The report as a person reads it. */
export function formatNesting(report: NestingReport): string {
  const lines = ['', '  Guests inside guests'];
  for (const a of report.attempts) {
    const who = `${a.accel === 'kvm' ? 'KVM' : 'QEMU (TCG)'} in a guest with -cpu ${a.outerCpu}`;
    lines.push(
      a.booted
        ? `    ${who.padEnd(44)} booted in ${((a.bootMs ?? 0) / 1000).toFixed(1)} s (inner shell: ${a.innerShell})`
        : `    ${who.padEnd(44)} REFUSED: ${(a.message ?? '').split('\n').join(' / ')}`,
    );
  }
  lines.push('', `  The same CPU loop at each level (${report.hostShell} on the host; host load ${report.loadAverage})`);
  for (const l of report.levels)
    lines.push(
      `    ${LEVEL_NAMES[l.level].padEnd(18)} ${String(l.perSecond).padStart(9)} iterations/s   ${l.level === 'host' ? '' : `${l.slowdown}x slower than the host`}`,
    );
  lines.push('', `  Inner QEMU processes left running: ${report.innerLeftRunning}`, '');
  return lines.join('\n');
}
