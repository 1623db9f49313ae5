import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { editorText, typeOnNewLastLine } from './support/keyboard';
import { settled } from './support/settled';
import { cell as cellOf, openLesson as open, openView } from './support/steps';
import { screenshotDir, useWebApp } from './support/webApp';

/**
 * A student's path through lessons 00 and 01, from the keyboard and the mouse alone:
 * every exercise passes on the student's own edits (typed into the editors, never
 * pasted or set), answers typed or picked, and container commands typed into a real
 * guest's terminal, then a stack of lesson 01 run for real. One screenshot per step, in
 * test-results/screenshots/walkthrough/.
 */
describe('a student completes lessons 00 and 01', () => {
  const app = useWebApp({ viewport: { width: 1440, height: 960 } });
  let shot = 0;
  const dir = path.join(screenshotDir, 'walkthrough');
  beforeAll(() => mkdir(dir, { recursive: true }));

  const cell = (id: string): Locator => cellOf(app.page, id);

  /** Keeps what the student sees now, the given cell in the middle of the screen once it stays there. */
  async function step(name: string, focus?: Locator): Promise<void> {
    if (focus) {
      await focus.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await settled(focus);
    }
    shot += 1;
    await app.page.screenshot({ path: path.join(dir, `${String(shot).padStart(2, '0')}-${name}.png`) });
  }

  async function openLesson(title: RegExp, firstEditor: string): Promise<void> {
    await openView(app.page, 'Lessons');
    await open(app.page, title, firstEditor);
  }

  /** The YAML editor of a stack or exercise cell, shown by its YAML tab. */
  async function yamlEditor(id: string): Promise<Locator> {
    const c = cell(id);
    await c.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await c.getByRole('tab', { name: 'YAML' }).click();
    const editor = c.locator('.code-editor.ready');
    await editor.waitFor({ timeout: 30_000 });
    return editor;
  }

  /** Double-clicks a word of the editor's line that contains `line`, and types over it. */
  async function retypeWord(editor: Locator, line: string, word: string, text: string, nth = 0): Promise<void> {
    await editor
      .locator('.view-line', { hasText: line })
      .locator('span span', { hasText: new RegExp(`^${word}$`) })
      .nth(nth)
      .dblclick();
    await app.page.keyboard.type(text);
    await app.page.keyboard.press('Escape');
  }

  /** Adds lines at the end of an editor, each typed as a student types it. */
  async function typeLines(editor: Locator, lines: string[]): Promise<void> {
    for (const line of lines) {
      await typeOnNewLastLine(app.page, editor, line);
      await app.page.keyboard.press('Escape');
    }
  }

  async function check(id: string, verdict: 'Passed' | 'Not yet', timeout = 30_000): Promise<void> {
    const c = cell(id);
    await c.getByRole('button', { name: /Check/ }).click();
    await expect.poll(() => c.locator('.cell-status').innerText(), { timeout, interval: 300 }).toBe(verdict);
  }

  async function answer(id: string, field: string, text: string): Promise<void> {
    await cell(id).locator(`[data-answer-id="${field}"]`).getByRole('textbox').click();
    await app.page.keyboard.type(text);
  }

  async function pick(id: string, choice: RegExp): Promise<void> {
    await cell(id).getByRole('radio', { name: choice }).click();
  }

  /** Boots a vm cell's guest and waits for its shell; the first boot may build the guest image. */
  async function boot(id: string): Promise<Locator> {
    const vm = cell(id);
    await vm.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await vm.getByRole('button', { name: /Boot/ }).click();
    await expect.poll(() => vm.locator('.cell-status').innerText(), { timeout: 240_000, interval: 1000 }).toMatch(/^running/);
    return vm;
  }

  /** Types a command into a vm cell's terminal and waits until the guest printed `until`. */
  async function typeInGuest(vm: Locator, command: string, until: RegExp): Promise<string> {
    const screen = vm.locator('.xterm-rows');
    await vm.locator('.xterm').click();
    await app.page.keyboard.type(command);
    await app.page.keyboard.press('Enter');
    await expect.poll(() => screen.innerText(), { timeout: 60_000, interval: 500 }).toMatch(until);
    return screen.innerText();
  }

  it('lesson 00: runs a stack, opens a preset, answers, and passes every exercise', async () => {
    const { page } = app;
    await openLesson(/Using Strata/, 'one-node');
    await step('lesson-00-opened');

    const stack = cell('one-node');
    await stack.getByRole('button', { name: '▶ Run', exact: true }).click();
    await expect.poll(() => stack.getByTestId('stack-output').innerText(), { timeout: 30_000 }).toMatch(/mb\s+30 s/);
    await step('one-node-run', stack);

    // The preset the lesson names, from the builder's Presets menu, run there.
    await openView(page, 'Builder');
    const builder = page.locator('section.view[aria-label="Builder"]');
    await builder.getByRole('button', { name: /Presets/ }).click();
    await builder.getByRole('menuitem', { name: /Virtual machines on one compute node/ }).click();
    await builder.locator('.run-button').click();
    await builder.getByTestId('run-panel').waitFor({ timeout: 60_000 });
    await step('builder-preset-run');
    await openLesson(/Using Strata/, 'one-node');

    await pick('q-what-is-real', /QEMU guest/);
    await pick('q-makespan', /60 s/);
    await expect(cell('q-makespan').getByTestId('quiz-feedback-q-makespan').innerText()).resolves.toMatch(/^Correct\./);
    await step('quizzes', cell('q-makespan'));

    // 8 processes on 8 cores: 240 CPU-seconds in 30 s.
    const run = await yamlEditor('e-run-preset');
    await check('e-run-preset', 'Not yet');
    await retypeWord(run, 'processes', '4', '8');
    await retypeWord(run, 'id: N1', '4', '8');
    await expect.poll(() => editorText(run)).toMatch(/cpus: 8[\s\S]*processes: 8/);
    await check('e-run-preset', 'Passed');
    await step('e-run-preset-passed', cell('e-run-preset'));

    const typo = await yamlEditor('e-fix-typo');
    await retypeWord(typo, 'id: N1', 'cpu', 'cpus');
    await check('e-fix-typo', 'Passed');
    await step('e-fix-typo-passed', cell('e-fix-typo'));

    // The kernel release, read in the guest's terminal after typing uname -r there.
    const vm = await boot('first-vm');
    const screen = await typeInGuest(vm, 'uname -r', /\n\d+\.\d+\.\d+-\S+\n/);
    const release = /\n(\d+\.\d+\.\d+-\S+)\n/.exec(screen)?.[1];
    expect(release).toBeDefined();
    await step('first-vm-uname', vm);
    await answer('e-first-vm', 'kernel', 'not a version');
    await check('e-first-vm', 'Not yet');
    await cell('e-first-vm').locator('[data-answer-id="kernel"]').getByRole('textbox').press('Control+a');
    await page.keyboard.type(release!);
    await check('e-first-vm', 'Passed');
    await step('e-first-vm-passed', cell('e-first-vm'));

    for (const objective of ['run-preset', 'fix-stack', 'boot-vm'])
      await expect(page.getByTestId(`objective-${objective}`).getAttribute('data-met')).resolves.toBe('true');
    await vm.getByRole('button', { name: /Stop/ }).click();
  });

  it('lesson 01: classifies, builds Xen guests, picks a technique, and makes a real container', async () => {
    const { page } = app;
    await openLesson(/Virtualization technologies/, 'xen-basic');
    await step('lesson-01-opened');

    for (const [quiz, choice] of [
      ['q-pg', /sufficient for a trap-and-emulate/],
      ['q-popf', /silently ignored/],
      ['q-kvm', /Linux kernel itself/],
      ['q-container', /set of namespaces/],
      ['q-emulation', /an emulator such as QEMU/],
    ] as const) {
      await pick(quiz, choice);
      await expect(cell(quiz).getByTestId(`quiz-feedback-${quiz}`).innerText()).resolves.toMatch(/^Correct\./);
    }
    await step('quizzes', cell('q-emulation'));

    const classify = await yamlEditor('e-classify');
    await typeLines(classify, [
      '- { id: emu, kind: hypervisor, product: qemu, on: host }',
      '- { id: arm, kind: vm, arch: aarch64, on: emu }',
      '- { id: g2, kind: os, product: linux, on: arm }',
      '- { id: arm-app, kind: app, workload: custom, on: g2 }',
      '- { id: c1, kind: container, product: lxc, on: host }',
      '- { id: web, kind: app, workload: apache, on: c1 }',
    ]);
    await expect.poll(() => editorText(classify)).toContain('- { id: web, kind: app, workload: apache, on: c1 }');
    await check('e-classify', 'Passed');
    await step('e-classify-passed', cell('e-classify'));

    const xen = await yamlEditor('e-xen-three');
    await typeLines(xen, [
      '- { id: vm2, kind: vm, vcpus: 2, memoryMiB: 2048, on: xen }',
      '- { id: g2, kind: os, product: linux, on: vm2 }',
      '- { id: a2, kind: app, workload: apache, on: g2 }',
      '- { id: vm3, kind: vm, vcpus: 2, memoryMiB: 2048, on: xen }',
      '- { id: g3, kind: os, product: linux, on: vm3 }',
      '- { id: a3, kind: app, workload: apache, on: g3 }',
      '- { id: dom0, kind: os, product: linux, role: dom0, on: xen }',
      '- { id: xl, kind: app, workload: custom, on: dom0 }',
    ]);
    await check('e-xen-three', 'Passed');
    await step('e-xen-three-passed', cell('e-xen-three'));

    // The technique put on the VM instead of its hypervisor is ignored: the exercise says so and fails.
    const noVtx = await yamlEditor('e-no-vtx');
    await retypeWord(noVtx, 'id: kvm', 'kvm', 'vmware-workstation', 1);
    await retypeWord(noVtx, 'id: vm1', '1024', '1024, technique: bt');
    await expect.poll(() => editorText(noVtx)).toContain('memoryMiB: 1024, technique: bt, on: kvm');
    await pick('e-no-vtx', /paravirtualization \(Xen\)/);
    await answer('e-no-vtx', 'why', 'The guest kernel is modified to make hypercalls instead of sensitive instructions; it needs a modified guest.');
    await check('e-no-vtx', 'Not yet');
    await expect(cell('e-no-vtx').getByTestId('exercise-results-e-no-vtx').innerText()).resolves.toContain('unknown key "technique"');
    await step('e-no-vtx-misplaced-key', cell('e-no-vtx').getByTestId('exercise-results-e-no-vtx'));
    // Delete the misplaced key from the keyboard, then put it on the hypervisor.
    await noVtx
      .locator('.view-line', { hasText: 'id: vm1' })
      .locator('span span', { hasText: /^technique$/ })
      .dblclick();
    await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < ', '.length; i++) await page.keyboard.press('Backspace');
    for (let i = 0; i < 'technique: bt'.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Delete');
    await expect.poll(() => editorText(noVtx)).toMatch(/product: vmware-workstation, on: host[\s\S]*memoryMiB: 1024, on: kvm/);
    // A double click in the middle of vmware-workstation selects "workstation".
    await retypeWord(noVtx, 'id: kvm', 'vmware-workstation', 'workstation, technique: bt');
    await expect.poll(() => editorText(noVtx)).toContain('product: vmware-workstation, technique:');
    await check('e-no-vtx', 'Passed');
    await expect(cell('e-no-vtx').locator('.answer-explain').first().innerText()).resolves.toContain('Paravirtualization');
    await step('e-no-vtx-passed', cell('e-no-vtx'));

    // A real container: the student types unshare in the guest; the check only looks for it.
    const vm = await boot('guest');
    // The lesson's CPU loop, timed in the guest (the same line runs on the host for comparison).
    await vm.getByRole('button', { name: /busybox time/ }).click();
    await expect.poll(() => vm.locator('.vm-step').nth(1).innerText(), { timeout: 120_000, interval: 1000 }).toContain('✓');
    console.log(`guest CPU loop: ${/real[^\n]*/.exec(await vm.locator('.xterm-rows').innerText())?.[0] ?? '?'}`);
    await step('guest-cpu-loop', vm);
    await typeInGuest(vm, 'unshare -p -f -m -u --mount-proc sh', /built-in shell/);
    await typeInGuest(vm, 'echo pid=$$', /pid=1\n/);
    await typeInGuest(vm, 'hostname ctr1', /hostname ctr1\n/);
    await typeInGuest(vm, 'hostname', /hostname\nctr1\n/);
    // The container is there, but the question is not answered yet.
    await check('e-unshare', 'Not yet', 60_000);
    await expect(cell('e-unshare').getByTestId('exercise-results-e-unshare').innerText()).resolves.toContain('found in guest');
    const screen = await typeInGuest(vm, 'uname -r', /ctr1:[^\n]*uname -r\n\d+\.\d+\.\d+-\S+\n/);
    const release = /uname -r\n(\d+\.\d+\.\d+-\S+)\n/.exec(screen)?.[1];
    await step('container-typed', vm);
    await answer('e-unshare', 'release', release!);
    await check('e-unshare', 'Passed', 60_000);
    // The check's commands never appear in the student's terminal.
    await expect(vm.locator('.xterm-rows').innerText()).resolves.not.toMatch(/readlink|NSpid/);
    await step('e-unshare-passed', cell('e-unshare'));

    for (const objective of ['classify', 'type1-dom0', 'trap-and-emulate', 'container-real'])
      await expect(page.getByTestId(`objective-${objective}`).getAttribute('data-met')).resolves.toBe('true');
    await step('lesson-01-objectives', page.locator('section.objectives'));
    await vm.getByRole('button', { name: /Stop/ }).click();
    // A real guest boots and runs a timed CPU loop here; its waits above allow up to 240 s under load.
  }, 480_000);

  it("lesson 01: runs the emulated stack for real, follows it from another lesson, and reads the model's factor against the measurement", async () => {
    const { page } = app;
    await openLesson(/Virtualization technologies/, 'xen-basic');
    const stack = cell('emulated-for-real');
    await stack.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    // Every layer of the cell's stack is marked as real, the reason on hover.
    await stack.getByRole('tab', { name: 'Builder' }).click();
    for (const id of ['N1', 'host', 'tcg', 'vm1', 'guest', 'loop']) await expect.poll(() => stack.getByTestId(`real-mark-${id}`).innerText()).toBe('real');
    await expect(stack.getByTestId('real-mark-loop').getAttribute('title')).resolves.toBe('Independent CPU-bound busybox awk processes.');
    await stack.getByRole('button', { name: 'Run for real', exact: true }).click();
    const panel = stack.getByTestId('real-run');
    await expect.poll(() => panel.innerText(), { timeout: 150_000, interval: 500 }).toMatch(/vm1 on N1: /);
    await step('real-run-booting', panel);

    // The run goes on while the student reads lesson 00, and the status bar leads back to the cell.
    await openLesson(/Using Strata/, 'one-node');
    const status = page.getByTestId('real-run-status');
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/Virtualization technologies, cell emulated-for-real/);
    await step('real-run-status-elsewhere', status);
    await status.getByRole('button', { name: /Virtualization technologies, cell emulated-for-real/ }).click();
    const table = cell('emulated-for-real').getByRole('table', { name: 'Simulated and measured' });
    await table.waitFor({ timeout: 240_000 });
    await step('real-run-side-by-side', table);
    const row = await table.locator('tbody tr').innerText();
    expect(row).toMatch(/loop\s+[\d.]+ s\s+[\d.]+ s\s+[\d.]+×/);
    console.log(`lesson 01 real run: ${row.replace(/\s+/g, ' ')}`);
    // What the lesson tells the student to open: what was scaled, with the node's slice of this host.
    await cell('emulated-for-real')
      .getByText(/As run: what was scaled/)
      .click();
    await expect(cell('emulated-for-real').locator('.real-scaled').innerText()).resolves.toMatch(/N1 gets host CPU/);
  }, 420_000);
});
