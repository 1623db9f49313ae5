/**
 * Calls `listener` when the page may be going away: on `pagehide`, and when it is hidden
 * (a tab closed, or a browser killed, after that may get no `pagehide`). With `capture`
 * it runs before the window's other listeners of those events (a field's commit before
 * the save of the stack it went into). Returns what removes it.
 */
export function onPageLeave(listener: () => void, { capture = false }: { capture?: boolean } = {}): () => void {
  const hidden = (): void => {
    if (document.visibilityState === 'hidden') listener();
  };
  window.addEventListener('pagehide', listener, { capture });
  window.addEventListener('visibilitychange', hidden, { capture });
  return () => {
    window.removeEventListener('pagehide', listener, { capture });
    window.removeEventListener('visibilitychange', hidden, { capture });
  };
}
