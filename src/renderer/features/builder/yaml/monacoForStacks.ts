import type { editor as MonacoEditor } from 'monaco-editor/editor/editor.api';
import { stackJsonSchema, type Finding } from '../../../../core/stack';
import { loadMonaco, SUGGEST_OPTIONS, type Monaco } from '../../editor/monacoLoader';
import { stackCompletions } from './stackCompletion';
import { stackHover } from './stackHover';

export type { Monaco };

/** Stack models are named `*.stack.yaml`; completion and hover apply only to them. */
export const STACK_MODEL_SUFFIX = '.stack.yaml';

/** How an editor sits on its page (size, margins, label): the one part of a stack editor its place chooses. */
export type StackEditorLayout = Omit<MonacoEditor.IStandaloneEditorConstructionOptions, 'model' | 'value' | 'language'>;

let loading: Promise<Monaco> | null = null;
let modelCount = 0;

/** The app's Monaco with completion and hover documentation from the stack JSON Schema registered once. */
export function loadStackMonaco(): Promise<Monaco> {
  loading ??= loadMonaco().then((monaco) => {
    registerCompletion(monaco);
    registerHover(monaco);
    return monaco;
  });
  return loading;
}

/**
 * A stack editor, the same wherever a stack is edited (the Builder's YAML pane, a lesson's
 * stack and exercise cells): its model is named `*.stack.yaml`, the name completion and
 * hover answer for; completions are offered as everywhere (SUGGEST_OPTIONS); a layer, one
 * long flow-style line, wraps under its own indentation; and the suggestion list and hovers
 * are drawn above the page, so a cell's or a pane's edge never cuts them. The caller
 * disposes the model with the editor.
 */
export function createStackEditor(monaco: Monaco, host: HTMLElement, text: string, layout: StackEditorLayout): MonacoEditor.IStandaloneCodeEditor {
  const uri = monaco.Uri.parse(`inmemory://strata/stack-${++modelCount}${STACK_MODEL_SUFFIX}`);
  const model = monaco.editor.createModel(text, 'yaml', uri);
  return monaco.editor.create(host, {
    ...layout,
    model,
    tabSize: 2,
    wordWrap: 'on',
    wrappingIndent: 'deepIndent',
    fixedOverflowWidgets: true,
    ...SUGGEST_OPTIONS,
  });
}

/** The checker's findings as markers at their line and column, underlining the word there (or the rest of the line). */
export function showFindings(monaco: Monaco, model: MonacoEditor.ITextModel, findings: readonly Finding[]): void {
  monaco.editor.setModelMarkers(
    model,
    'strata',
    findings.filter((f) => f.line !== undefined).map((f) => toMarker(monaco, model, f)),
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

function registerCompletion(monaco: Monaco): void {
  const schema = stackJsonSchema();
  const kinds = {
    property: monaco.languages.CompletionItemKind.Property,
    value: monaco.languages.CompletionItemKind.EnumMember,
    reference: monaco.languages.CompletionItemKind.Reference,
  };
  monaco.languages.registerCompletionItemProvider('yaml', {
    provideCompletionItems(model, position) {
      if (!model.uri.path.endsWith(STACK_MODEL_SUFFIX)) return { suggestions: [] };
      const text = model.getValue();
      const ids = [...text.matchAll(/\bid:\s*([A-Za-z0-9_-]+)/g)].map((m) => m[1] as string);
      const word = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
      const items = stackCompletions(schema, text.split('\n'), position.lineNumber - 1, position.column, ids);
      return {
        suggestions: items.map((c) => ({ label: c.label, kind: kinds[c.kind], insertText: c.insertText, range, ...(c.detail ? { detail: c.detail } : {}) })),
      };
    },
  });
}

/**
 * The documentation of a key under the mouse, from the schema's descriptions. Written
 * here rather than by monaco-yaml's language server: completion already comes from the
 * same schema (stackCompletion.ts), and a second YAML worker would only have added hover.
 */
function registerHover(monaco: Monaco): void {
  const schema = stackJsonSchema();
  monaco.languages.registerHoverProvider('yaml', {
    provideHover(model, position) {
      if (!model.uri.path.endsWith(STACK_MODEL_SUFFIX)) return null;
      const hover = stackHover(schema, model.getLinesContent(), position.lineNumber - 1, position.column);
      if (!hover) return null;
      return {
        range: { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: hover.startColumn, endColumn: hover.endColumn },
        contents: [{ value: hover.markdown }],
      };
    },
  });
}
