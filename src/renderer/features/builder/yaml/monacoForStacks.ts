import type * as MonacoApi from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { stackJsonSchema } from '../../../../core/stack';
import { stackCompletions } from './stackCompletion';

/** The parts of Monaco the builder uses. */
export type Monaco = typeof MonacoApi;

/** Stack models are named `*.stack.yaml`; completion applies only to them. */
export const STACK_MODEL_SUFFIX = '.stack.yaml';

let loading: Promise<Monaco> | null = null;

/**
 * Loads Monaco's core and YAML language once (lazily: the builder's canvas shows before the
 * editor bundle arrives), defines Strata's editor themes and registers completion from
 * the stack JSON Schema. Monaco's editor worker comes from a Vite `?worker` import, so
 * nothing is fetched from a CDN and the CSP's `worker-src 'self' blob:` holds.
 */
export function loadStackMonaco(): Promise<Monaco> {
  loading ??= (async () => {
    const env = self as unknown as { MonacoEnvironment?: { getWorker(id: string, label: string): Worker } };
    env.MonacoEnvironment ??= { getWorker: () => new EditorWorker() };
    const [monaco] = await Promise.all([import('monaco-editor/editor/editor.api'), import('monaco-editor/languages/definitions/yaml/register')]);
    defineThemes(monaco);
    registerCompletion(monaco);
    return monaco;
  })();
  return loading;
}

function defineThemes(monaco: Monaco): void {
  monaco.editor.defineTheme('strata-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#1a1d23', 'editorGutter.background': '#1a1d23', 'editor.lineHighlightBackground': '#232833', 'editorLineNumber.foreground': '#4d5563' },
  });
  monaco.editor.defineTheme('strata-light', {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#fbfcfd', 'editorGutter.background': '#fbfcfd', 'editor.lineHighlightBackground': '#eef2f8', 'editorLineNumber.foreground': '#a3abb8' },
  });
}

function registerCompletion(monaco: Monaco): void {
  const schema = stackJsonSchema();
  const kinds = {
    property: monaco.languages.CompletionItemKind.Property,
    value: monaco.languages.CompletionItemKind.EnumMember,
    reference: monaco.languages.CompletionItemKind.Reference,
  };
  monaco.languages.registerCompletionItemProvider('yaml', {
    triggerCharacters: [' ', ':', '{', ',', '['],
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
