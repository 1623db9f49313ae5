import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cell, openLesson, openView, withoutQemu } from './support/steps';
import { useWebApp } from './support/webApp';

/**
 * The lessons' real CRIU cells as a student uses them: Boot, then each step's button in
 * the order the lesson says, each watched until the guest printed what it expects.
 */
describe.skipIf(withoutQemu)('lesson vm cells with criu: true', () => {
  const app = useWebApp({ viewport: { width: 1440, height: 1000 } });

  /** Boots a vm cell's guest; the first boot builds the guest image and the criu pack from Debian packages. */
  async function boot(id: string): Promise<Locator> {
    const vm = cell(app.page, id);
    await vm.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await vm.getByRole('button', { name: /Boot/ }).click();
    await expect.poll(() => vm.locator('.cell-status').innerText(), { timeout: 600_000, interval: 1000 }).toMatch(/^running/);
    return vm;
  }

  /** Clicks step `n` (1-based) of a vm cell and waits until the cell marks it passed: the guest printed what it expects. */
  async function runStep(vm: Locator, n: number): Promise<void> {
    const step = vm.locator('li.vm-step').nth(n - 1);
    await step.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await step.getByRole('button').click();
    await expect.poll(() => step.getAttribute('class'), { timeout: 300_000, interval: 500 }).toMatch(/status-(pass|fail)/);
    expect(await step.getAttribute('class'), `step ${n}: ${await step.innerText()}\n${await screen(vm)}`).toContain('status-pass');
  }

  const screen = (vm: Locator): Promise<string> => vm.locator('.xterm-rows').innerText();

  /** The counter's lines on a cell's screen as lps prints them: cluster PID, PID and count. */
  const counterLines = async (vm: Locator): Promise<Array<{ cpid: string; pid: string; count: number }>> =>
    [...(await screen(vm)).matchAll(/(\d+)\s+\S+\s+(\d+)\s+(\d+)\s+\/bin\/sh\s\/bin\/counter/g)].map((m) => ({ cpid: m[1]!, pid: m[2]!, count: Number(m[3]) }));

  it('lesson 10: checkpoints a counter (it is gone), restores it, and lps lists it counting on with its cluster PID', { timeout: 900_000 }, async () => {
    await openView(app.page, 'Lessons');
    await openLesson(app.page, /Live migration and suspend/);
    const vm = await boot('criu-checkpoint');
    // The cell says it is real: a QEMU guest, with CRIU.
    await expect(vm.innerText()).resolves.toMatch(/real QEMU guest · 256 MiB · with CRIU/);
    await runStep(vm, 1);
    const [before] = await counterLines(vm);
    expect(before, await screen(vm)).toBeDefined();
    await runStep(vm, 2);
    await runStep(vm, 3);
    await runStep(vm, 4);
    // ssi-restore prints the restored process's PID in this guest and the cluster PID it kept.
    const restored = new RegExp(`(\\d+)\\s${before!.cpid}\\s*$`, 'm').exec(await screen(vm));
    expect(restored, await screen(vm)).not.toBeNull();

    // Step 5: lps lists the restored counter, with the PID the restore gave and the cluster PID it kept, counting from where it was.
    const restoredLines = async () => (await counterLines(vm)).filter((line) => line.pid === restored![1]);
    await runStep(vm, 5);
    await expect.poll(async () => (await restoredLines())[0], { timeout: 10_000 }).toMatchObject({ cpid: before!.cpid });
    const after = (await restoredLines())[0]!;
    expect(after.count).toBeGreaterThanOrEqual(before!.count);
    // Step 5 once more, as a student would to see it count: the restored process runs on.
    await runStep(vm, 5);
    await expect.poll(async () => (await restoredLines()).at(-1)!.count, { timeout: 10_000 }).toBeGreaterThan(after.count);
    await app.screenshot('criu-cell-checkpoint-restart');
    await vm.getByRole('button', { name: /Stop/ }).click();
    await expect.poll(() => vm.locator('.cell-status').innerText(), { timeout: 60_000 }).not.toMatch(/^running/);
  });

  it('lesson 02: moves a counter from one guest to the other, following the letters (B1, A1–A3, B2, B3)', { timeout: 900_000 }, async () => {
    await openLesson(app.page, /Single system image/);
    const b = await boot('criu-b');
    const a = await boot('criu-a');
    await runStep(b, 1);
    await runStep(a, 1);
    await runStep(a, 2);
    const [before] = await counterLines(a);
    expect(before, await screen(a)).toBeDefined();
    await runStep(a, 3);
    await runStep(b, 2);
    await runStep(b, 3);
    // cps in B lists the counter in B's own guest, named by its hostname, with the cluster PID it had in A.
    const inB = new RegExp(`^${before!.cpid}\\s+l02-criu-b\\s+\\d+\\s+(\\d+)\\s+/bin/sh /bin/counter`, 'm');
    await expect.poll(() => screen(b), { timeout: 30_000 }).toMatch(inB);
    // It counts on from where it was in A: its count in B is at least the one A2 showed.
    expect(Number(inB.exec(await screen(b))![1])).toBeGreaterThanOrEqual(before!.count);
    await app.screenshot('criu-cells-lesson-02');
    for (const vm of [a, b]) await vm.getByRole('button', { name: /Stop/ }).click();
    for (const vm of [a, b]) await expect.poll(() => vm.locator('.cell-status').innerText(), { timeout: 60_000 }).not.toMatch(/^running/);
  });
});
