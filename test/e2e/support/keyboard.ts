import type { Locator, Page } from 'playwright-core';

/** What a Monaco editor shows, spaces as typed (Monaco renders them as no-break spaces). */
export async function editorText(editor: Locator): Promise<string> {
  return (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
}

/**
 * Types on a new last line of a Monaco editor, key by key as a student does: click into
 * the text, Ctrl+End, Enter, then each character. Monaco indents the new line like the
 * one above it, so assert on the typed text, not on the whole line.
 */
export async function typeOnNewLastLine(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(text);
}

/** Replaces what a text field holds from the keyboard: select all, then type the new text (or delete it). */
export async function retype(field: Locator, text: string): Promise<void> {
  await field.click();
  await field.press('Control+a');
  if (text === '') await field.press('Backspace');
  else await field.pressSequentially(text);
}
