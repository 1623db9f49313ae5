import { useEffect, useRef, useState } from 'react';
import type { IDisposable, editor as MonacoEditor } from 'monaco-editor/editor/editor.api';
import { useBuilderStore } from '../state/useBuilderStore';
import { useDocumentTheme } from '../useDocumentTheme';
import { useStackCheck } from '../state/useStackCheck';
import { monacoTheme } from '../../editor/monacoLoader';
import { createStackEditor, loadStackMonaco, showFindings, type Monaco } from './monacoForStacks';
import { useSelectedLayerHighlight } from './useSelectedLayerHighlight';
import { bindBuilderHistory } from './yamlHistory';

/**
 * The stack as YAML in Monaco, two-way with the canvas: typing updates the stack as soon
 * as the text parses (and keeps the text as typed while it does not), canvas edits
 * rewrite the text, and Ctrl+Z walks the builder's one history. Findings are markers at
 * their line and column; the selected layer's line is highlighted and scrolled into view.
 */
export function YamlEditor({ readOnly = false }: { readOnly?: boolean }) {
  const store = useBuilderStore();
  const check = useStackCheck();
  const theme = useDocumentTheme();
  const host = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState<{ monaco: Monaco; editor: MonacoEditor.IStandaloneCodeEditor } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let disposed = false;
    let editor: MonacoEditor.IStandaloneCodeEditor | undefined;
    let history: IDisposable | undefined;
    loadStackMonaco()
      .then((monaco) => {
        if (disposed || !host.current) return;
        editor = createStackEditor(monaco, host.current, store.getState().builderDoc.text, {
          readOnly,
          automaticLayout: true,
          minimap: { enabled: false },
          fontSize: 12.5,
          lineHeight: 19,
          scrollBeyondLastLine: false,
          renderLineHighlight: 'line',
          padding: { top: 8 },
          ariaLabel: 'Stack YAML',
        });
        history = bindBuilderHistory(monaco, editor, store, readOnly);
        setReady({ monaco, editor });
      })
      .catch((err: Error) => setFailed(err.message));
    return () => {
      disposed = true;
      history?.dispose();
      const model = editor?.getModel();
      editor?.dispose();
      model?.dispose();
    };
  }, [store, readOnly]);

  useEffect(() => {
    ready?.monaco.editor.setTheme(monacoTheme(theme));
  }, [ready, theme]);

  useEffect(() => {
    const model = ready?.editor.getModel();
    if (!ready || !model) return;
    showFindings(ready.monaco, model, check.findings);
  }, [ready, check]);

  useSelectedLayerHighlight(ready);

  return (
    <div className="yaml-editor" data-testid="yaml-editor">
      <div className="yaml-host" ref={host} />
      {failed && <p className="yaml-failed">The editor could not load: {failed}</p>}
    </div>
  );
}
