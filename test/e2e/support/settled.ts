import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Waits until what `measure` reads is the same twice in a row, 150 ms apart: the thing it
 * measures has stopped moving. Zoom to fit animates, smooth scrolling glides, and editors
 * mounted near the screen push the text below them down; a drop, a click or a screenshot
 * taken meanwhile aims at a place the student would not see.
 */
export async function stopsMoving(measure: () => Promise<unknown>, timeout = 10_000): Promise<void> {
  let previous: string | undefined;
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await measure());
        const still = now === previous;
        previous = now;
        return still;
      },
      { interval: 150, timeout },
    )
    .toBe(true);
}

/** Waits until an element stays where it is on the screen. */
export async function settled(target: Locator): Promise<void> {
  await stopsMoving(() => target.boundingBox());
}

/** Waits until no transition or finite CSS animation runs on the page (spinners, which never end, do not count). */
export async function animationsFinished(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity).length),
    )
    .toBe(0);
}
