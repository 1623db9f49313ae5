import type * as MonacoApi from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

/** The parts of Monaco the notebook uses, loaded once on first need. */
export type Monaco = typeof MonacoApi;

let loading: Promise<Monaco> | null = null;

/**
 * Loads Monaco's core and the two languages lesson cells hold (YAML stacks and scenarios,
 * JavaScript scripts). Lazy: a lesson's prose shows at once and the editor bundle
 * arrives after. Another feature may have configured Monaco's worker already; then its
 * setting stands.
 */
export function loadMonaco(): Promise<Monaco> {
  loading ??= (async () => {
    const env = self as unknown as { MonacoEnvironment?: { getWorker(id: string, label: string): Worker } };
    env.MonacoEnvironment ??= { getWorker: () => new EditorWorker() };
    const [monaco] = await Promise.all([
      import('monaco-editor/editor/editor.api'),
      import('monaco-editor/languages/definitions/yaml/register'),
      import('monaco-editor/languages/definitions/javascript/register'),
    ]);
    return monaco;
  })();
  return loading;
}
