import { existsSync } from 'node:fs';
import type { Locator, Page, WebSocketRoute } from 'playwright-core';
import { expect } from 'vitest';

/*
 * Steps many e2e tests take the same way, with the mouse and the keyboard as a student
 * does: opening a view, a lesson or the builder, booting a VM and typing into its
 * terminal, and dropping the connection to the server.
 */

/**
 * Files whose tests boot QEMU guests skip where QEMU is missing; with REQUIRE_QEMU=1
 * they run anyway, so a missing QEMU fails them instead of passing unseen.
 */
export const withoutQemu = !existsSync('/usr/bin/qemu-system-x86_64') && process.env.REQUIRE_QEMU !== '1';

export type ViewName = 'Lessons' | 'Builder' | 'Machines' | 'Docs';

/** Clicks a view's button in the activity bar. */
export async function openView(page: Page, view: ViewName): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view, exact: true }).click();
}

/** Opens the Builder view and waits for its stack's first machine on the canvas. */
export async function openBuilder(page: Page): Promise<void> {
  await openView(page, 'Builder');
  await page.getByTestId('layer-N1').waitFor();
}

/** A cell of the lesson on screen, by its id. */
export function cell(page: Page, id: string): Locator {
  return page.locator(`section[data-cell-id="${id}"]`);
}

/**
 * Opens a lesson from the course sidebar by its title; with `editorCell`, waits until
 * that cell's editor can be typed into (editors load as their cells near the screen).
 */
export async function openLesson(page: Page, title: RegExp, editorCell?: string): Promise<void> {
  await page.getByTestId('lesson-list').getByRole('button', { name: title }).click();
  await page.locator('article.notebook').waitFor();
  if (editorCell) await cell(page, editorCell).locator('.code-editor.ready').waitFor({ timeout: 30_000 });
}

/** What the status bar says of the connection to the server. */
export function connectionStatus(page: Page): Promise<string> {
  return page.getByTestId('connection-status').innerText();
}

/** Waits until the status bar says the page is connected in web mode. */
export async function connected(page: Page): Promise<void> {
  await expect.poll(() => connectionStatus(page), { timeout: 30_000 }).toContain('Web mode');
}

/**
 * Puts Playwright between the page and the server's API socket (and reloads the page
 * through it), so a test can drop the connection and hold reconnections back until it
 * restores it, as a network outage does.
 */
export async function interruptibleConnection(page: Page): Promise<{ cut(): Promise<void>; restore(): Promise<void> }> {
  const sockets: WebSocketRoute[] = [];
  let down = false;
  await page.routeWebSocket(/\/api\?token=/, (ws) => {
    if (down) return ws.close({ code: 1011, reason: 'cut by the test' });
    sockets.push(ws);
    ws.connectToServer();
  });
  await page.reload();
  await connected(page);
  return {
    cut: async () => {
      down = true;
      for (const ws of sockets.splice(0)) await ws.close({ code: 1011, reason: 'cut by the test' });
      await expect.poll(() => connectionStatus(page), { timeout: 30_000 }).toContain('reconnecting');
    },
    restore: async () => {
      down = false;
      await connected(page);
    },
  };
}

/** What the Machines view's list of VMs says, or nothing while it is not shown. */
export function machineList(page: Page): Promise<string> {
  return page
    .getByTestId('machine-list')
    .innerText()
    .catch(() => '');
}

/** Waits until the Machines view lists `count` running VMs; the first boot may build the guest image from Debian packages. */
export async function runningVms(page: Page, count = 1, timeout = 150_000): Promise<void> {
  await expect.poll(async () => ((await machineList(page)).match(/running/g) ?? []).length, { timeout, interval: 1000 }).toBeGreaterThanOrEqual(count);
}

/** Boots a VM from the Machines view and waits until it runs. */
export async function bootVm(page: Page): Promise<void> {
  await openView(page, 'Machines');
  await page.getByRole('button', { name: 'Boot a VM' }).click();
  await runningVms(page);
}

/** The screen of the terminal the Machines view shows. */
export function guestScreen(page: Page): Locator {
  return page.locator('.terminal-pane:not([hidden]) .xterm-rows');
}

/** Types into the terminal the Machines view shows, key by key. */
export async function typeInGuest(page: Page, text: string): Promise<void> {
  await page.locator('.terminal-pane:not([hidden]) .vm-terminal').click();
  await page.keyboard.type(text);
}

/**
 * Boots a lesson's vm cell with its Boot button and waits until the cell says it runs;
 * a first boot builds the guest image (and the cell's packs) from Debian packages.
 */
export async function bootCell(page: Page, id: string, timeout = 600_000): Promise<Locator> {
  const vm = cell(page, id);
  await vm.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await vm.getByRole('button', { name: /Boot/ }).click();
  await expect.poll(() => vm.locator('.cell-status').innerText(), { timeout, interval: 1000 }).toMatch(/^running/);
  return vm;
}

/** What a vm cell's terminal shows now. */
export function cellScreen(vm: Locator): Promise<string> {
  return vm.locator('.xterm-rows').innerText();
}

/**
 * Clicks step `n` (1-based) of a vm cell and waits until the cell marks it passed (the
 * guest printed what the step expects); a failed step fails with the terminal's screen.
 */
export async function runCellStep(vm: Locator, n: number, timeout = 300_000): Promise<void> {
  const step = vm.locator('li.vm-step').nth(n - 1);
  await step.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await step.getByRole('button').click();
  await expect.poll(() => step.getAttribute('class'), { timeout, interval: 500 }).toMatch(/status-(pass|fail)/);
  expect(await step.getAttribute('class'), `step ${n}: ${await step.innerText()}\n${await cellScreen(vm)}`).toContain('status-pass');
}

/** Stops a vm cell's guest with its Stop button and waits until the cell no longer runs. */
export async function stopCell(vm: Locator): Promise<void> {
  await vm.getByRole('button', { name: /Stop/ }).click();
  await expect.poll(() => vm.locator('.cell-status').innerText(), { timeout: 60_000 }).not.toMatch(/^running/);
}
