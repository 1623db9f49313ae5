import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from './support/webApp';

const hasQemu = await import('node:fs').then((fs) => fs.existsSync('/usr/bin/qemu-system-x86_64'));
const required = process.env.REQUIRE_QEMU === '1';

/**
 * A presenter's checkpoints with a real guest: a shell variable and the builder's clock
 * saved by the Checkpoint button, changed, and brought back by Rewind, in the Machines
 * view and in presentation mode. Mouse and keyboard only.
 */
describe.skipIf(!hasQemu && !required)('seminar checkpoints in the UI', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  const terminal = () => app.page.locator('.terminal-pane:not([hidden]) .xterm-rows');
  const news = () => app.page.getByTestId('checkpoint-news');
  const typeInGuest = async (text: string): Promise<void> => {
    await app.page.locator('.terminal-pane:not([hidden]) .vm-terminal').click();
    await app.page.keyboard.type(text);
  };
  const timeShown = async (): Promise<string> => app.page.locator('.run-time').innerText();

  it('saves the guest and the builder run with Checkpoint, and Rewind brings both back', async () => {
    const { page } = app;
    const views = page.getByRole('navigation', { name: 'Views' });

    // A run in the builder, stopped half way by a click on its timeline.
    await views.getByRole('button', { name: 'Builder', exact: true }).click();
    await page.getByRole('button', { name: 'Presets ▾' }).click();
    await page.getByRole('menuitem', { name: /Virtual machines on one compute node/ }).click();
    await page.getByRole('button', { name: '▶ Run' }).click();
    const timeline = page.getByRole('slider', { name: 'Simulated time' });
    await timeline.waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    const track = await timeline.boundingBox();
    await timeline.click({ position: { x: track!.width / 2, y: track!.height / 2 } });
    const halfWay = await timeShown();

    await views.getByRole('button', { name: 'Machines', exact: true }).click();
    await page.getByRole('button', { name: 'Boot a VM' }).click();
    // The first boot may build the guest image from Debian packages: allow for it.
    await expect
      .poll(
        async () =>
          (
            await page
              .getByTestId('machine-list')
              .innerText()
              .catch(() => '')
          ).includes('running'),
        { timeout: 150_000, interval: 1000 },
      )
      .toBe(true);
    await typeInGuest('c=1; echo count-$c\n');
    await expect.poll(async () => terminal().innerText(), { timeout: 30_000, interval: 500 }).toContain('count-1');

    const panel = page.getByRole('region', { name: 'Checkpoints' });
    await panel.getByRole('button', { name: '⚑ Mark checkpoint' }).click();
    await expect.poll(async () => news().innerText(), { timeout: 60_000, interval: 500 }).toMatch(/^Checkpoint 1 taken: 1 VM and 1 simulator run/);
    await expect(panel.getByRole('listitem').innerText()).resolves.toContain('builder at t =');
    await app.screenshot('checkpoints-machines-taken');

    // Later in the demo: the guest counts on, the builder's clock moves to the end.
    await typeInGuest('clear; c=2; echo count-$c\n');
    await expect.poll(async () => terminal().innerText(), { timeout: 30_000, interval: 500 }).toContain('count-2');
    await views.getByRole('button', { name: 'Builder', exact: true }).click();
    await timeline.focus();
    await page.keyboard.press('End');
    await expect.poll(timeShown).not.toBe(halfWay);

    await views.getByRole('button', { name: 'Machines', exact: true }).click();
    await panel.getByRole('button', { name: 'Rewind to Checkpoint 1' }).click();
    await expect.poll(async () => news().innerText(), { timeout: 60_000, interval: 500 }).toMatch(/^Rewound to Checkpoint 1 in \d+\.\d+ s/);
    await expect.poll(async () => terminal().innerText(), { timeout: 10_000, interval: 250 }).toContain('count-1');
    expect(await terminal().innerText()).not.toContain('count-2');
    await typeInGuest('echo now-$c\n');
    await expect.poll(async () => terminal().innerText(), { timeout: 30_000, interval: 500 }).toContain('now-1');
    await app.screenshot('checkpoints-machines-rewound');

    await views.getByRole('button', { name: 'Builder', exact: true }).click();
    await expect.poll(timeShown, { timeout: 30_000 }).toBe(halfWay);
    await app.screenshot('checkpoints-builder-rewound');
  });

  it('takes a checkpoint and rewinds from presentation mode, with the keyboard in the Rewind menu', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Lessons', exact: true }).click();
    await page
      .getByTestId('lesson-list')
      .getByRole('button', { name: /Using Strata/ })
      .click();
    await page.locator('article.notebook').waitFor();
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
