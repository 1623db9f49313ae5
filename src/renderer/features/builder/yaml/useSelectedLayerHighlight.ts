import { useEffect } from 'react';
import type { editor as MonacoEditor } from 'monaco-editor/editor/editor.api';
import { useBuilderStore } from '../state/useBuilderStore';
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
      // Known for the text on screen once its analysis is back, or right after a canvas edit.
      const line = index >= 0 ? builderDoc.lines?.starts[index] : undefined;
      if (!line) return decorations.clear();
      decorations.set([
        {
          range: new ready.monaco.Range(line, 1, line, 1),
          options: { isWholeLine: true, className: 'yaml-selected-line', linesDecorationsClassName: 'yaml-selected-gutter' },
        },
      ]);
      ready.editor.revealLineInCenterIfOutsideViewport(line);
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
