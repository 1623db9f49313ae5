import { describe, expect, it } from 'vitest';
import type { VmExecResult } from '../../../../../src/api/vmApi';
import { parseCpubench, parseInnerGuest, runInnerGuest } from '../../../../../src/backend/qemu/nesting/innerGuest';

const result = (stdout: string, exitCode: number): VmExecResult => ({ stdout, exitCode, truncated: false });

/** What `inner-guest` printed in a guest whose CPU shows svm (QEMU 7.2, kvm_amd on TCG's SVM). */
const BOOTED = `inner-guest: starting qemu-system-x86_64 -accel kvm -cpu qemu64 -m 256 inside svm
inner-guest: inner guest ready in 20.9 s (qemu-system-x86_64 -accel kvm)
inner-guest: the inner guest's shell answered: inner-shell inner 6.1.0-50-cloud-amd64
cpubench: 20000 iterations in 1.53 s (13071 per second)
inner-guest: inner guest stopped
`;

/** And in one with -cpu qemu64,-svm. */
const REFUSED = `inner-guest: this CPU shows svm on 0 of 1 CPUs; loading kvm_amd
inner-guest: insmod: can't insert '/lib/modules/kvm-amd.ko': Operation not supported
inner-guest: the guest kernel says: kvm: no hardware support for 'kvm_amd'
inner-guest: starting qemu-system-x86_64 -accel kvm -cpu qemu64 -m 256 inside nosvm
inner-guest: QEMU stopped (status 1): Could not access KVM kernel module: No such file or directory qemu-system-x86_64: -accel kvm: failed to initialize kvm: No such file or directory
inner-guest: inner guest stopped
`;

describe('inner-guest output', () => {
  it('reads a booted inner guest: boot time, inner shell, CPU loop', () => {
    expect(parseInnerGuest('kvm', result(BOOTED, 0))).toEqual({
      accel: 'kvm',
      booted: true,
      bootMs: 20_900,
      innerShell: 'inner 6.1.0-50-cloud-amd64',
      loop: { iterations: 20_000, seconds: 1.53, perSecond: 13_071 },
      output: BOOTED,
    });
  });

  it('keeps the guest kernel’s and QEMU’s own words when KVM is refused', () => {
    const run = parseInnerGuest('kvm', result(REFUSED, 1));
    expect(run.booted).toBe(false);
    expect(run.message?.split('\n')).toEqual([
      "insmod: can't insert '/lib/modules/kvm-amd.ko': Operation not supported",
      "the guest kernel says: kvm: no hardware support for 'kvm_amd'",
      'QEMU stopped (status 1): Could not access KVM kernel module: No such file or directory qemu-system-x86_64: -accel kvm: failed to initialize kvm: No such file or directory',
    ]);
  });

  it('says when the inner guest was too slow, and when the channel killed the script', () => {
    const slow =
      'inner-guest: starting qemu-system-x86_64 -accel tcg\ninner-guest: no "strata: ready" from the inner guest within 600 s; its console ended with: Decompressing Linux\ninner-guest: inner guest stopped\n';
    expect(parseInnerGuest('tcg', result(slow, 1)).message).toBe(
      'no "strata: ready" from the inner guest within 600 s; its console ended with: Decompressing Linux',
    );
    expect(parseInnerGuest('tcg', result('inner-guest: starting qemu-system-x86_64 -accel tcg\n', 137)).message).toBe(
      'the inner guest did not finish in time and was killed',
    );
  });

  it('is not fooled by a ready line without the inner shell’s answer', () => {
    const half =
      'inner-guest: inner guest ready in 50.0 s (qemu-system-x86_64 -accel tcg)\ninner-guest: no "cpubench:" from the inner guest within 600 s; its console ended with: \n';
    expect(parseInnerGuest('tcg', result(half, 1))).toMatchObject({ booted: false, bootMs: 50_000 });
  });

  it('reads cpubench’s line wherever it ran', () => {
    expect(parseCpubench('cpubench: 100000 iterations in 3.63 s (27548 per second)\n')).toEqual({ iterations: 100_000, seconds: 3.63, perSecond: 27_548 });
    expect(parseCpubench('sh: cpubench: not found')).toBeUndefined();
  });
});

describe('running inner-guest in a guest', () => {
  it('gives the script its own deadline inside the channel’s, and cleans up whatever it left', async () => {
    const sent: Array<{ command: string; timeoutMs: number }> = [];
    const outer = {
      exec: (command: string, timeoutMs: number) => {
        sent.push({ command, timeoutMs });
        return Promise.resolve(sent.length === 1 ? result('inner-guest: starting\n', 137) : result('', 0));
      },
    };
    const run = await runInnerGuest(outer, 'tcg', 5000, 900_000);
    expect(run.booted).toBe(false);
    expect(sent[0]).toEqual({ command: 'INNER_TIMEOUT=870 inner-guest tcg 5000', timeoutMs: 900_000 });
    expect(sent[1]?.command).toMatch(/^killall -q qemu-system-x86_64; /);
  });
});
