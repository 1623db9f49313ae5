import { useEffect, useRef, useState } from 'react';
import type { IDisposable, editor as MonacoEditor } from 'monaco-editor/editor/editor.api';
import type { Finding } from '../../../../core/stack';
import { useBuilderStore } from '../state/useBuilderStore';
import { useDocumentTheme } from '../useDocumentTheme';
import { useStackCheck } from '../state/useStackCheck';
import { monacoTheme, SUGGEST_OPTIONS } from '../../editor/monacoLoader';
import { loadStackMonaco, STACK_MODEL_SUFFIX, type Monaco } from './monacoForStacks';
import { useSelectedLayerHighlight } from './useSelectedLayerHighlight';
import { bindBuilderHistory } from './yamlHistory';

let modelCount = 0;

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
        const uri = monaco.Uri.parse(`inmemory://strata/stack-${++modelCount}${STACK_MODEL_SUFFIX}`);
        const model = monaco.editor.createModel(store.getState().builderDoc.text, 'yaml', uri);
        editor = monaco.editor.create(host.current, {
          model,
          readOnly,
          automaticLayout: true,
          minimap: { enabled: false },
          fontSize: 12.5,
          lineHeight: 19,
          tabSize: 2,
          scrollBeyondLastLine: false,
          // A layer is one long flow-style line; wrapped, it never hides past a narrow pane's edge.
          wordWrap: 'on',
          wrappingIndent: 'deepIndent',
          renderLineHighlight: 'line',
          fixedOverflowWidgets: true,
          padding: { top: 8 },
          ariaLabel: 'Stack YAML',
          ...SUGGEST_OPTIONS,
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
    ready.monaco.editor.setModelMarkers(
      model,
      'strata',
      check.findings.filter((f) => f.line !== undefined).map((f) => toMarker(ready.monaco, model, f)),
    );
  }, [ready, check]);

  useSelectedLayerHighlight(ready);

  return (
    <div className="yaml-editor" data-testid="yaml-editor">
      <div className="yaml-host" ref={host} />
      {failed && <p className="yaml-failed">The editor could not load: {failed}</p>}
    </div>
  );
}

function toMarker(monaco: Monaco, model: MonacoEditor.ITextModel, f: Finding): MonacoEditor.IMarkerData {
  const line = Math.min(f.line ?? 1, model.getLineCount());
  const column = f.column ?? 1;
  const word = model.getWordAtPosition({ lineNumber: line, column });
  const endColumn = word && word.endColumn > column ? word.endColumn : model.getLineMaxColumn(line);
  const severity = f.severity === 'error' ? monaco.MarkerSeverity.Error : f.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Info;
  return {
    severity,
    message: f.message,
    source: f.rule,
    startLineNumber: line,
    startColumn: column,
    endLineNumber: line,
    endColumn: Math.max(endColumn, column + 1),
  };
}
