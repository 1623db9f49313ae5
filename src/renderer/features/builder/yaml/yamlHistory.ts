import type { editor as MonacoEditor, IDisposable } from 'monaco-editor/editor/editor.api';
import type { StoreApi } from 'zustand';
import type { BuilderSlice } from '../state/builderSlice';
import type { Monaco } from './monacoForStacks';

/** The one change that turns `before` into `after`: offsets into `before` and the text that replaces that span. */
export function changedSpan(before: string, after: string): { start: number; end: number; text: string } {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < limit - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}

/**
 * What Monaco's suggest controller (loaded by monacoContributions.ts) tells before it inserts
 * a suggestion taken. Monaco's typings leave its contributions out, so this names the one
 * event used; `editor.contrib.suggestController` is the controller's contribution id.
 */
interface SuggestController {
  onWillInsertSuggestItem: (listener: () => void) => IDisposable;
}

/**
 * Ties the YAML editor to the builder's one history, the canvas's and the toolbar's:
 * typing is committed to the store, one step per burst (a burst ends when the cursor is
 * moved by hand, on a new line, a paste, cut or drop, and on any change made elsewhere;
 * a suggestion taken is a step of its own, as in VS Code, so Ctrl+Z after it brings back
 * the letters typed before it);
 * Ctrl+Z and Ctrl+Shift+Z / Ctrl+Y undo and redo in the store instead of in Monaco's own
 * history; changes from the store reach the text as the smallest edit, so the view does
 * not jump, and an undo typed here puts the cursor where the text changed.
 */
export function bindBuilderHistory(monaco: Monaco, editor: MonacoEditor.IStandaloneCodeEditor, store: StoreApi<BuilderSlice>, readOnly: boolean): IDisposable {
  const model = editor.getModel();
  if (!model) throw new Error('bindBuilderHistory: the YAML editor has no model');
  const host = editor.getDomNode();
  let applying = false;
  let burst = false;
  let suggestion = false;
  const endBurst = (): void => {
    burst = false;
  };

  const typed = model.onDidChangeContent((e) => {
    if (applying) return;
    if (e.changes.some((c) => c.text.includes('\n'))) burst = false;
    store.getState().builderSetText(model.getValue(), burst);
    burst = !suggestion;
    suggestion = false;
  });
  const suggested = editor
    .getContribution<SuggestController & MonacoEditor.IEditorContribution>('editor.contrib.suggestController')
    ?.onWillInsertSuggestItem(() => {
      burst = false;
      suggestion = true;
    });
  const moved = editor.onDidChangeCursorPosition((e) => {
    if (e.reason === monaco.editor.CursorChangeReason.Explicit) burst = false;
  });
  // Before Monaco handles them: what they bring is a step of its own.
  for (const type of ['paste', 'cut', 'drop']) host?.addEventListener(type, endBurst, true);

  const unsubscribe = store.subscribe((state, previous) => {
    const text = state.builderDoc.text;
    const current = model.getValue();
    // The text typed here comes back from the store unchanged.
    if (text === previous.builderDoc.text || text === current) return;
    burst = false;
    const span = changedSpan(current, text);
    const from = model.getPositionAt(span.start);
    const to = model.getPositionAt(span.end);
    applying = true;
    try {
      model.pushEditOperations([], [{ range: new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column), text: span.text }], () => null);
    } finally {
      applying = false;
    }
    if (editor.hasTextFocus()) {
      const at = model.getPositionAt(span.start + span.text.length);
      editor.setPosition(at);
      editor.revealPositionInCenterIfOutsideViewport(at);
      burst = false;
    }
  });

  const keys: IDisposable[] = readOnly
    ? []
    : [
        editor.addAction({
          id: 'strata.builder.undo',
          label: 'Undo',
          keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyZ],
          run: () => store.getState().builderUndo(),
        }),
        editor.addAction({
          id: 'strata.builder.redo',
          label: 'Redo',
          keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.KeyZ, monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyY],
          run: () => store.getState().builderRedo(),
        }),
      ];

  return {
    dispose: () => {
      typed.dispose();
      suggested?.dispose();
      moved.dispose();
      for (const type of ['paste', 'cut', 'drop']) host?.removeEventListener(type, endBurst, true);
      unsubscribe();
      for (const key of keys) key.dispose();
    },
  };
}
