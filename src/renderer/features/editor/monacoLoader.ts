import type * as MonacoApi from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

/** The parts of Monaco the app uses. */
export type Monaco = typeof MonacoApi;

/**
 * How every editor of the app offers completions, so a line typed key by key ends as
 * typed: only a provider that knows the file offers any (the stack schema's, never the
 * document's own words), the list opens while a word is typed (plain YAML scalars are
 * string tokens, so strings count) or on Ctrl+Space, never on a space or at an
 * indentation, and Enter takes a suggestion only when it changes the text (a word typed
 * to its end, then Enter, is a new line). Tab takes the selected one.
 */
export const SUGGEST_OPTIONS = {
  wordBasedSuggestions: 'off',
  quickSuggestions: { other: 'on', strings: 'on', comments: 'off' },
  suggestOnTriggerCharacters: false,
  acceptSuggestionOnEnter: 'smart',
} satisfies MonacoApi.editor.IStandaloneEditorConstructionOptions;

let loading: Promise<Monaco> | null = null;

/**
 * Loads Monaco once for every editor of the app (the builder's YAML, lesson cells):
 * its core, the two languages Strata's files hold (YAML stacks and scenarios, JavaScript
 * scripts), the editor features it uses (monacoContributions.ts) and Strata's two themes.
 * Lazy, so a page's prose or canvas shows before the editor bundle arrives. The editor
 * worker comes from a Vite `?worker` import: nothing is fetched from a CDN and the CSP's
 * `worker-src 'self' blob:` holds.
 */
export function loadMonaco(): Promise<Monaco> {
  loading ??= (async () => {
    const env = self as unknown as { MonacoEnvironment?: { getWorker(id: string, label: string): Worker } };
    env.MonacoEnvironment ??= { getWorker: () => new EditorWorker() };
    const [monaco] = await Promise.all([
      import('monaco-editor/editor/editor.api'),
      import('monaco-editor/languages/definitions/yaml/register'),
      import('monaco-editor/languages/definitions/javascript/register'),
      import('./monacoContributions'),
    ]);
    defineThemes(monaco);
    return monaco;
  })();
  return loading;
}

/** Monaco's theme is global to the page: every editor names it through this. */
export function monacoTheme(theme: 'light' | 'dark'): string {
  return theme === 'light' ? 'strata-light' : 'strata-dark';
}

function defineThemes(monaco: Monaco): void {
  monaco.editor.defineTheme('strata-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [],
    colors: {
      'editor.background': '#1a1d23',
      'editorGutter.background': '#1a1d23',
      'editor.lineHighlightBackground': '#232833',
      'editorLineNumber.foreground': '#4d5563',
    },
  });
  monaco.editor.defineTheme('strata-light', {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: {
      'editor.background': '#fbfcfd',
      'editorGutter.background': '#fbfcfd',
      'editor.lineHighlightBackground': '#eef2f8',
      'editorLineNumber.foreground': '#a3abb8',
    },
  });
}
