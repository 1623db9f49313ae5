import { useEffect, type RefObject } from 'react';
import { isEditableTarget } from '../../shell/editableTarget';
import { useBuilderStore } from '../state/useBuilderStore';

/**
 * The canvas's keyboard shortcuts, active while focus is in the canvas (so typing in the
 * YAML editor or a field is never taken): Delete, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y,
 * Ctrl+C / Ctrl+V, Ctrl+A, Escape, and F to zoom to fit.
 */
export function useCanvasShortcuts(target: RefObject<HTMLElement | null>, readOnly: boolean, fit: () => void): void {
  const store = useBuilderStore();
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const onKey = (e: KeyboardEvent): void => {
      if (isEditableTarget(e.target)) return;
      const s = store.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      let handled = true;
      if (mod && key === 'a') s.builderSelectAll();
      else if (mod && key === 'c') s.builderCopy();
      else if (!mod && e.key === 'Escape') s.builderSelect([]);
      else if (!mod && key === 'f') fit();
      else if (readOnly) handled = false;
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) s.builderDeleteSelection();
      else if (mod && key === 'z' && e.shiftKey) s.builderRedo();
      else if (mod && key === 'z') s.builderUndo();
      else if (mod && key === 'y') s.builderRedo();
      else if (mod && key === 'v') s.builderPaste();
      else handled = false;
      if (handled) {
        e.preventDefault();
        e.stopPropagation();
        // The layer that held the focus may be deleted or undone away: keep the focus on the canvas so the next shortcut works.
        element.focus({ preventScroll: true });
      }
    };
    element.addEventListener('keydown', onKey);
    return () => element.removeEventListener('keydown', onKey);
  }, [target, store, readOnly, fit]);
}
