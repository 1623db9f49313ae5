import { useEffect } from 'react';
import type { CellRunners } from './cellRunners';

/**
 * Shift+Enter anywhere in a cell (its editor included) runs that cell and moves focus to
 * the next one, as in Jupyter. Captured before Monaco sees the key, so an editor does
 * not insert a newline instead.
 */
export function useShiftEnter(root: HTMLElement | null, runners: CellRunners): void {
  useEffect(() => {
    if (!root) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Enter' || !e.shiftKey || e.ctrlKey || e.altKey || e.metaKey) return;
      const target = e.target as Element | null;
      if (target?.closest('.xterm, .lesson-search')) return;
      const cellEl = target?.closest<HTMLElement>('[data-cell-id]');
      if (!cellEl || !root.contains(cellEl)) return;
      e.preventDefault();
      e.stopPropagation();
      void runners.run(cellEl.dataset.cellId!);
      const all = [...root.querySelectorAll<HTMLElement>('[data-cell-id]')];
      const next = all[all.indexOf(cellEl) + 1];
      if (next) {
        next.focus({ preventScroll: true });
        next.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      }
    };
    root.addEventListener('keydown', onKey, true);
    return () => root.removeEventListener('keydown', onKey, true);
  }, [root, runners]);
}
