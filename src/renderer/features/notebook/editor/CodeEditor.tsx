import { useEffect, useRef, useState } from 'react';
import type { editor as MonacoEditor } from 'monaco-editor/editor/editor.api';
import type { Finding } from '../../../../core/stack';
import { useStrata } from '../../../store/store';
import { loadMonaco, monacoTheme, SUGGEST_OPTIONS, type Monaco } from '../../editor/monacoLoader';
import { createStackEditor, loadStackMonaco, showFindings, type StackEditorLayout } from '../../builder/yaml/monacoForStacks';

export interface CodeEditorProps {
  value: string;
  /**
   * `stack`: a stack file, in the Builder's stack editor (schema completion and hovers,
   * findings underlined); `yaml`: other YAML (a scenario); `javascript`: a script.
   */
  language: 'stack' | 'yaml' | 'javascript';
  onChange?: (value: string) => void;
  readOnly?: boolean;
  /** The checker's findings on a stack, underlined at their line and column. */
  findings?: readonly Finding[];
  /** Height bounds in lines; the editor grows with its content between them. */
  minLines?: number;
  maxLines?: number;
  ariaLabel: string;
}

const PADDING = 8;
/** Type sizes: the notebook's, and presentation mode's (read from the back of a room). */
const SIZES = { page: { fontSize: 13, lineHeight: 19 }, slides: { fontSize: 17, lineHeight: 25 } };

/**
 * Monaco in a cell: grows with its content (a notebook scrolls as a page, not editor by
 * editor), follows the app theme, and underlines the checker's findings. Until Monaco
 * has loaded, the text shows as plain code so nothing jumps or hides.
 */
export function CodeEditor({ value, language, onChange, readOnly = false, findings, minLines = 3, maxLines = 30, ariaLabel }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<MonacoEditor.IStandaloneCodeEditor | null>(null);
  const monacoRef = useRef<Monaco | null>(null);
  const [ready, setReady] = useState(false);
  const theme = useStrata((s) => s.theme);
  // Presentation mode mounts its own cells, so the size is fixed for an editor's lifetime.
  const [size] = useState(() => (useStrata.getState().presenting ? SIZES.slides : SIZES.page));
  const lineHeight = size.lineHeight;
  const changeRef = useRef(onChange);
  changeRef.current = onChange;
  const lines = Math.min(maxLines, Math.max(minLines, value.split('\n').length));
  const [height, setHeight] = useState(lines * lineHeight + PADDING * 2);

  useEffect(() => {
    let disposed = false;
    let cleanup: (() => void) | null = null;
    void (language === 'stack' ? loadStackMonaco() : loadMonaco()).then((monaco) => {
      if (disposed || !host.current) return;
      monacoRef.current = monaco;
      const layout: StackEditorLayout = {
        readOnly,
        theme: monacoTheme(useStrata.getState().theme),
        automaticLayout: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        lineNumbers: 'on',
        lineNumbersMinChars: 3,
        glyphMargin: false,
        folding: false,
        renderLineHighlight: 'none',
        overviewRulerLanes: 0,
        scrollbar: { alwaysConsumeMouseWheel: false, verticalScrollbarSize: 8, horizontalScrollbarSize: 8 },
        padding: { top: PADDING, bottom: PADDING },
        fontSize: size.fontSize,
        lineHeight: size.lineHeight,
        fontFamily: "'JetBrains Mono', 'DejaVu Sans Mono', monospace",
        ariaLabel,
      };
      const editor =
        language === 'stack'
          ? createStackEditor(monaco, host.current, value, layout)
          : monaco.editor.create(host.current, { ...layout, value, language, tabSize: 2, wordWrap: 'on', ...SUGGEST_OPTIONS });
      editorRef.current = editor;
      const sizes = editor.onDidContentSizeChange((e) => {
        const max = maxLines * lineHeight + PADDING * 2;
        const min = minLines * lineHeight + PADDING * 2;
        setHeight(Math.min(max, Math.max(min, e.contentHeight)));
      });
      const changes = editor.onDidChangeModelContent(() => changeRef.current?.(editor.getValue()));
      setReady(true);
      cleanup = () => {
        sizes.dispose();
        changes.dispose();
        editor.getModel()?.dispose();
        editor.dispose();
        editorRef.current = null;
      };
    });
    return () => {
      disposed = true;
      cleanup?.();
    };
    // The editor is created once; later prop changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // An outside change (reset cell, reset lesson) replaces the text; the student's own typing already matches.
  useEffect(() => {
    const editor = editorRef.current;
    if (editor && editor.getValue() !== value) editor.setValue(value);
  }, [value, ready]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly });
  }, [readOnly, ready]);

  useEffect(() => {
    monacoRef.current?.editor.setTheme(monacoTheme(theme));
  }, [theme, ready]);

  useEffect(() => {
    const monaco = monacoRef.current;
    const model = editorRef.current?.getModel();
    if (monaco && model && findings) showFindings(monaco, model, findings);
  }, [findings, ready]);

  return (
    <div
      className={`code-editor${ready ? ' ready' : ''}`}
      style={{ height, fontSize: size.fontSize, lineHeight: `${size.lineHeight}px` }}
      data-language={language}
    >
      <div ref={host} className="code-editor-host" />
      {!ready && <pre className="code-editor-fallback">{value}</pre>}
    </div>
  );
}
