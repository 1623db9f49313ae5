import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

const read = (): 'light' | 'dark' => (document.documentElement.dataset.theme === 'light' ? 'light' : 'dark');

/**
 * The app's theme as the shell set it on <html>. Read from the document rather than the
 * app's store, so an embedded editor follows the theme wherever it is placed.
 */
export function useDocumentTheme(): 'light' | 'dark' {
  return useSyncExternalStore(subscribe, read, read);
}
