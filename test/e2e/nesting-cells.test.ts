import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bootCell, cellScreen, openLesson, openView, runCellStep, stopCell, withoutQemu } from './support/steps';
import { useWebApp } from './support/webApp';

/**
 * Lesson 11's real cells as a student uses them, in the lesson's order: the CPU flags of
 * two guests, then a hypervisor inside a guest whose CPU shows svm (KVM, and its inner
 * guest's shell in the terminal) and inside one whose CPU hides it (KVM refused, QEMU with
 * TCG booting anyway). Each outer guest boots once and carries all of its cell's steps;
 * the TCG inner guest, the slow one (about 55 s on an idle core, minutes on a busy one),
 * boots once.
 */
describe.skipIf(withoutQemu)('lesson 11: nested virtualization in real guests', () => {
  const app = useWebApp({ viewport: { width: 1440, height: 1000 } });

  /** The rate of the last `cpubench` line the cell's terminal shows (iterations per second), or 0 when it shows none. */
  const lastLoopRate = async (vm: Locator): Promise<number> =>
    Number([...(await cellScreen(vm)).matchAll(/cpubench: \d+ iterations in [\d.]+ s \((\d+) per second\)/g)].at(-1)?.[1] ?? 0);

  /** xterm's answer to the shell's cursor position query, shown as typed text when it reached the guest after a step's line. */
  const CURSOR_REPORT_ECHO = /\^\[\[\d+;\d+R/;

  it('shows svm and no vmx in the default guest, and neither in the guest booted with -svm', { timeout: 900_000 }, async () => {
    await openView(app.page, 'Lessons');
    await openLesson(app.page, /Nested virtualization/);
    const flags = await bootCell(app.page, 'flags-default');
    await runCellStep(flags, 1, 60_000);
    await runCellStep(flags, 2, 60_000);
    await expect.poll(() => cellScreen(flags)).toMatch(/svm=1 vmx=0/);
    await stopCell(flags);

    const nosvm = await bootCell(app.page, 'flags-nosvm');
    await runCellStep(nosvm, 1, 60_000);
    await expect.poll(() => cellScreen(nosvm)).toMatch(/svm=0 vmx=0/);
    expect(await cellScreen(nosvm)).not.toMatch(CURSOR_REPORT_ECHO);
    await app.screenshot('nesting-flags-nosvm');
    await stopCell(nosvm);
  });

  it('runs KVM inside the guest that shows svm, measures the loop at both levels, and types in the inner guest’s shell', { timeout: 1_800_000 }, async () => {
    // The first nested guest waits for the nested pack, built from Debian packages (QEMU and its libraries).
    const vm = await bootCell(app.page, 'nested-svm', 1_200_000);
    await expect(vm.innerText()).resolves.toContain('can run a hypervisor');
    await runCellStep(vm, 1, 60_000);
    await runCellStep(vm, 2, 60_000);
    await runCellStep(vm, 3, 120_000);
    await expect.poll(() => lastLoopRate(vm)).toBeGreaterThan(0);
    const guest = await lastLoopRate(vm);
    await runCellStep(vm, 4, 300_000);
    await expect.poll(() => cellScreen(vm), { timeout: 60_000 }).toMatch(/inner-guest: inner guest stopped/);
    const screen = await cellScreen(vm);
    // The inner guest's boot time, its shell's own answer (hostname and kernel), and the loop at both levels.
    expect(screen).toMatch(/inner guest ready in [\d.]+ s \(qemu-system-x86_64 -accel kvm\)/);
    expect(screen).toMatch(/inner-shell inner 6\.\d+\.\d+-\d+-cloud-amd64/);
    expect(guest, screen).toBeGreaterThan(0);
    expect(await lastLoopRate(vm), screen).toBeGreaterThan(0);
    await app.screenshot('nesting-svm-kvm');

    // The inner guest on the terminal: its prompt, then hostname typed by the step.
    await runCellStep(vm, 5, 300_000);
    await runCellStep(vm, 6, 60_000);
    await expect.poll(() => cellScreen(vm)).toMatch(/^inner\s*$/m);
    await app.screenshot('nesting-svm-inner-shell');
    // Ctrl-A then X, typed on the keyboard as the lesson says, stops the inner guest: the outer guest's prompt is back.
    await vm.locator('.vm-terminal').click();
    await app.page.keyboard.press('Control+A');
    await app.page.keyboard.press('x');
    await expect.poll(() => cellScreen(vm), { timeout: 60_000 }).toMatch(/l11-nested-svm:\/root#\s*$/);
    await app.page.keyboard.type('pidof qemu-system-x86_64 || echo no inner qemu\r');
    await expect.poll(() => cellScreen(vm), { timeout: 30_000 }).toMatch(/^no inner qemu/m);
    expect(await cellScreen(vm)).not.toMatch(CURSOR_REPORT_ECHO);
    await stopCell(vm);
  });

  it('refuses KVM with the guest kernel’s message once svm is hidden, and boots an inner guest under TCG anyway', { timeout: 1_500_000 }, async () => {
    const vm = await bootCell(app.page, 'nested-nosvm');
    await expect(vm.innerText()).resolves.toContain('-cpu qemu64,-svm');
    await runCellStep(vm, 1, 120_000);
    await expect.poll(() => cellScreen(vm), { timeout: 60_000 }).toMatch(/inner-guest: inner guest stopped/);
    const refused = await cellScreen(vm);
    expect(refused).toContain("the guest kernel says: kvm: no hardware support for 'kvm_amd'");
    expect(refused).toMatch(/QEMU stopped \(status 1\): .*failed to initialize kvm/s);
    await app.screenshot('nesting-nosvm-kvm-refused');

    await runCellStep(vm, 2, 120_000);
    await expect.poll(() => lastLoopRate(vm)).toBeGreaterThan(0);
    const guest = await lastLoopRate(vm);
    // The slow one: TCG inside a TCG guest.
    await runCellStep(vm, 3, 900_000);
    await expect.poll(() => cellScreen(vm), { timeout: 60_000 }).toMatch(/inner-guest: inner guest stopped/);
    const screen = await cellScreen(vm);
    expect(screen).toMatch(/inner guest ready in [\d.]+ s \(qemu-system-x86_64 -accel tcg\)/);
    expect(screen).toMatch(/inner-shell inner 6\.\d+\.\d+-\d+-cloud-amd64/);
    const inner = await lastLoopRate(vm);
    expect(inner, screen).toBeGreaterThan(0);
    // The lesson says the inner guest's rate is a small fraction of its guest's (about 1/145 measured).
    expect(inner, screen).toBeLessThan(guest);
    expect(screen).not.toMatch(CURSOR_REPORT_ECHO);
    await app.screenshot('nesting-nosvm-tcg');
    await stopCell(vm);
  });
});
