import { describe, expect, it } from 'vitest';
import { bootVm, guestScreen, openLesson, openView, typeInGuest, withoutQemu } from './support/steps';
import { useWebApp } from './support/webApp';

/**
 * A presenter's checkpoints with a real guest: a shell variable and the builder's clock
 * saved by the Checkpoint button, changed, and brought back by Rewind, in the Machines
 * view and in presentation mode. Mouse and keyboard only.
 */
describe.skipIf(withoutQemu)('seminar checkpoints in the UI', () => {
  const app = useWebApp();

  const terminal = () => guestScreen(app.page);
  const news = () => app.page.getByTestId('checkpoint-news');
  const timeShown = async (): Promise<string> => app.page.locator('.run-time').innerText();

  it('saves the guest and the builder run with Checkpoint, and Rewind brings both back', async () => {
    const { page } = app;

    // A run in the builder, stopped half way by a click on its timeline.
    await openView(page, 'Builder');
    await page.getByRole('button', { name: 'Presets ▾' }).click();
    await page.getByRole('menuitem', { name: /Virtual machines on one compute node/ }).click();
    await page.getByRole('button', { name: '▶ Run' }).click();
    const timeline = page.getByRole('slider', { name: 'Simulated time' });
    await timeline.waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    const track = await timeline.boundingBox();
    await timeline.click({ position: { x: track!.width / 2, y: track!.height / 2 } });
    const halfWay = await timeShown();

    await bootVm(page);
    await typeInGuest(page, 'c=1; echo count-$c\n');
    await expect.poll(async () => terminal().innerText(), { timeout: 30_000, interval: 500 }).toContain('count-1');

    const panel = page.getByRole('region', { name: 'Checkpoints' });
    await panel.getByRole('button', { name: '⚑ Mark checkpoint' }).click();
    await expect.poll(async () => news().innerText(), { timeout: 60_000, interval: 500 }).toMatch(/^Checkpoint 1 taken: 1 VM and 1 simulator run/);
    await expect(panel.getByRole('listitem').innerText()).resolves.toContain('builder at t =');
    await app.screenshot('checkpoints-machines-taken');

    // Later in the demo: the guest counts on, the builder's clock moves to the end.
    await typeInGuest(page, 'clear; c=2; echo count-$c\n');
    await expect.poll(async () => terminal().innerText(), { timeout: 30_000, interval: 500 }).toContain('count-2');
    await openView(page, 'Builder');
    await timeline.focus();
    await page.keyboard.press('End');
    await expect.poll(timeShown).not.toBe(halfWay);

    await openView(page, 'Machines');
    await panel.getByRole('button', { name: 'Rewind to Checkpoint 1' }).click();
    await expect.poll(async () => news().innerText(), { timeout: 60_000, interval: 500 }).toMatch(/^Rewound to Checkpoint 1 in \d+\.\d+ s/);
    await expect.poll(async () => terminal().innerText(), { timeout: 10_000, interval: 250 }).toContain('count-1');
    expect(await terminal().innerText()).not.toContain('count-2');
    await typeInGuest(page, 'echo now-$c\n');
    await expect.poll(async () => terminal().innerText(), { timeout: 30_000, interval: 500 }).toContain('now-1');
    await app.screenshot('checkpoints-machines-rewound');

    await openView(page, 'Builder');
    await expect.poll(timeShown, { timeout: 30_000 }).toBe(halfWay);
    await app.screenshot('checkpoints-builder-rewound');
  });

  it('takes a checkpoint and rewinds from presentation mode, with the keyboard in the Rewind menu', async () => {
    const { page } = app;
    await openView(page, 'Lessons');
    await openLesson(page, /Using Strata/);
    await page.getByRole('button', { name: /Present/ }).click();
    const presentation = page.getByTestId('presentation');
    await presentation.waitFor();
    await presentation.getByRole('button', { name: '⚑ Mark checkpoint' }).click();
    await expect.poll(async () => presentation.getByTestId('checkpoint-news').innerText(), { timeout: 60_000, interval: 500 }).toMatch(/^Checkpoint 2 taken/);
    await presentation.getByRole('button', { name: '⟲ Rewind ▾' }).click();
    const menu = presentation.getByRole('menu', { name: 'Rewind to' });
    await expect(menu.getByRole('menuitem').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('Checkpoint 2'),
      expect.stringContaining('Checkpoint 1'),
    ]);
    await app.screenshot('checkpoints-presentation-menu');
    // The newest is focused: Tab to the older one, Enter picks it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => presentation.getByTestId('checkpoint-news').innerText(), { timeout: 60_000, interval: 500 })
      .toMatch(/^Rewound to Checkpoint 1 in \d+\.\d+ s/);
    await app.screenshot('checkpoints-presentation-rewound');
    await page.keyboard.press('Escape');
    await expect(presentation.count()).resolves.toBe(0);
  });
});
