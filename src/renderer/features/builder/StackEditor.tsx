import { useState } from 'react';
import { createStore } from 'zustand';
import { builderSliceFor, type BuilderSlice } from './state/builderSlice';
import { BuilderStoreContext } from './state/builderStoreContext';
import { BuilderWorkspace, type StackChange } from './BuilderWorkspace';

/** Props of the embeddable stack editor. Stable: lessons and exercises depend on them. */
export interface StackEditorProps {
  /**
   * The stack YAML the editor opens with. Read once, when the editor mounts: later
   * changes are ignored, so typing is never overwritten by a re-render. To load another
   * stack, give the editor a new React `key`.
   */
  initialYaml: string;
  /** Called at once after every change of the text, from typing or from the canvas, with the new YAML. Not called for the initial text. */
  onChange?: (yaml: string) => void;
  /**
   * Called when the check worker has checked a changed text: the YAML, whether it parses
   * and is valid (no error finding), and the full check (findings, classes, app views).
   */
  onCheck?: (yaml: string, change: StackChange) => void;
  /** A smaller layout for a notebook cell: no presets, files or export; the palette wraps above the canvas. Default true. */
  compact?: boolean;
  /** Shows the stack without letting it change: no palette, no drag, no editing keys, YAML read-only. Default false. */
  readOnly?: boolean;
  /** CSS height of the editor; default 460px in compact mode, else 100%. */
  height?: number | string;
}

/**
 * The layer builder as a component for lessons and exercises: canvas, palette, YAML and
 * problems around one stack, with its own state (several editors on one page stay
 * independent; nothing is shared with the Builder place). Undo, redo, copy and paste and
 * the canvas shortcuts work as in the Builder place.
 */
export function StackEditor({ initialYaml, onChange, onCheck, compact = true, readOnly = false, height }: StackEditorProps) {
  const [store] = useState(() => createStore<BuilderSlice>()(builderSliceFor(initialYaml)));
  return (
    <BuilderStoreContext.Provider value={store}>
      <div className="stack-editor" style={{ height: height ?? (compact ? 460 : '100%') }}>
        <BuilderWorkspace compact={compact} readOnly={readOnly} {...(onChange ? { onChange } : {})} {...(onCheck ? { onCheck } : {})} />
      </div>
    </BuilderStoreContext.Provider>
  );
}
