import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bootCell, cellScreen, openLesson, openView, runCellStep, stopCell, withoutQemu } from './support/steps';
import { useWebApp } from './support/webApp';

/**
 * The lessons' real CRIU cells as a student uses them: Boot, then each step's button in
 * the order the lesson says, each watched until the guest printed what it expects.
 */
describe.skipIf(withoutQemu)('lesson vm cells with criu: true', () => {
  const app = useWebApp({ viewport: { width: 1440, height: 1000 } });

  /** The counter's lines on a cell's screen as lps prints them: cluster PID, PID and count. */
  const counterLines = async (vm: Locator): Promise<Array<{ cpid: string; pid: string; count: number }>> =>
    [...(await cellScreen(vm)).matchAll(/(\d+)\s+\S+\s+(\d+)\s+(\d+)\s+\/bin\/sh\s\/bin\/counter/g)].map((m) => ({
      cpid: m[1]!,
      pid: m[2]!,
      count: Number(m[3]),
    }));

  it('lesson 10: checkpoints a counter (it is gone), restores it, and lps lists it counting on with its cluster PID', { timeout: 900_000 }, async () => {
    await openView(app.page, 'Lessons');
    await openLesson(app.page, /Live migration and suspend/);
    const vm = await bootCell(app.page, 'criu-checkpoint');
    // The cell says it is real: a QEMU guest, with CRIU.
    await expect(vm.innerText()).resolves.toMatch(/real QEMU guest · 256 MiB · with CRIU/);
    await runCellStep(vm, 1);
    const [before] = await counterLines(vm);
    expect(before, await cellScreen(vm)).toBeDefined();
    await runCellStep(vm, 2);
    await runCellStep(vm, 3);
    await runCellStep(vm, 4);
    // ssi-restore prints the restored process's PID in this guest and the cluster PID it kept.
    const restored = new RegExp(`(\\d+)\\s${before!.cpid}\\s*$`, 'm').exec(await cellScreen(vm));
    expect(restored, await cellScreen(vm)).not.toBeNull();

    // Step 5: lps lists the restored counter, with the PID the restore gave and the cluster PID it kept, counting from where it was.
    const restoredLines = async () => (await counterLines(vm)).filter((line) => line.pid === restored![1]);
    await runCellStep(vm, 5);
    await expect.poll(async () => (await restoredLines())[0], { timeout: 10_000 }).toMatchObject({ cpid: before!.cpid });
    const after = (await restoredLines())[0]!;
    expect(after.count).toBeGreaterThanOrEqual(before!.count);
    // Step 5 once more, as a student would to see it count: the restored process runs on.
    await runCellStep(vm, 5);
    await expect.poll(async () => (await restoredLines()).at(-1)!.count, { timeout: 10_000 }).toBeGreaterThan(after.count);
    await app.screenshot('criu-cell-checkpoint-restart');
    await stopCell(vm);
  });

  it('lesson 02: moves a counter from one guest to the other, following the letters (B1, A1–A3, B2, B3)', { timeout: 900_000 }, async () => {
    await openLesson(app.page, /Single system image/);
    const b = await bootCell(app.page, 'criu-b');
    const a = await bootCell(app.page, 'criu-a');
    await runCellStep(b, 1);
    await runCellStep(a, 1);
    await runCellStep(a, 2);
    const [before] = await counterLines(a);
    expect(before, await cellScreen(a)).toBeDefined();
    await runCellStep(a, 3);
    await runCellStep(b, 2);
    await runCellStep(b, 3);
    // cps in B lists the counter in B's own guest, named by its hostname, with the cluster PID it had in A.
    const inB = new RegExp(`^${before!.cpid}\\s+l02-criu-b\\s+\\d+\\s+(\\d+)\\s+/bin/sh /bin/counter`, 'm');
    await expect.poll(() => cellScreen(b), { timeout: 30_000 }).toMatch(inB);
    // It counts on from where it was in A: its count in B is at least the one A2 showed.
    expect(Number(inB.exec(await cellScreen(b))![1])).toBeGreaterThanOrEqual(before!.count);
    await app.screenshot('criu-cells-lesson-02');
    for (const vm of [a, b]) await vm.getByRole('button', { name: /Stop/ }).click();
    for (const vm of [a, b]) await expect.poll(() => vm.locator('.cell-status').innerText(), { timeout: 60_000 }).not.toMatch(/^running/);
  });
});
