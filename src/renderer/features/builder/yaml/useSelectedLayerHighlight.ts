import { useEffect } from 'react';
import type { editor as MonacoEditor } from 'monaco-editor/editor/editor.api';
import { useBuilderStore } from '../useBuilderStore';
import type { Monaco } from './monacoForStacks';

/** Highlights and reveals the line of the one selected layer. */
export function useSelectedLayerHighlight(ready: { monaco: Monaco; editor: MonacoEditor.IStandaloneCodeEditor } | null): void {
  const store = useBuilderStore();
  useEffect(() => {
    if (!ready) return;
    const decorations = ready.editor.createDecorationsCollection();
    const show = (): void => {
      const { builderSelection, builderDoc } = store.getState();
      const index = builderSelection.length === 1 ? builderDoc.stack.layers.findIndex((l) => l.id === builderSelection[0]) : -1;
      const at = index >= 0 && builderDoc.textParses ? builderDoc.positions.get(`layers.${index}`) : undefined;
      if (!at) return decorations.clear();
      decorations.set([{ range: new ready.monaco.Range(at.line, 1, at.line, 1), options: { isWholeLine: true, className: 'yaml-selected-line', linesDecorationsClassName: 'yaml-selected-gutter' } }]);
      ready.editor.revealLineInCenterIfOutsideViewport(at.line);
    };
    show();
    const unsubscribe = store.subscribe((s, p) => {
      if (s.builderSelection !== p.builderSelection || s.builderDoc !== p.builderDoc) show();
    });
    return () => {
      unsubscribe();
      decorations.clear();
    };
  }, [ready, store]);
}
