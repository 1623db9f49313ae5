/**
 * Where a typed key belongs to the element, never to a page-wide shortcut: form fields,
 * contenteditable, Monaco (0.57 types into an EditContext div that is neither a textarea
 * nor contenteditable) and xterm.js terminals.
 */
const EDITABLE = 'input, textarea, select, [contenteditable]:not([contenteditable="false"]), .monaco-editor, .xterm';

/** Whether a key event aimed at this target is typing: every page-wide key handler asks this first. */
export function isEditableTarget(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(EDITABLE) !== null;
}
