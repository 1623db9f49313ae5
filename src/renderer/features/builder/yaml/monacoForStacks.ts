import { stackJsonSchema } from '../../../../core/stack';
import { loadMonaco, type Monaco } from '../../editor/monacoLoader';
import { stackCompletions } from './stackCompletion';
import { stackHover } from './stackHover';

export type { Monaco };

/** Stack models are named `*.stack.yaml`; completion and hover apply only to them. */
export const STACK_MODEL_SUFFIX = '.stack.yaml';

let loading: Promise<Monaco> | null = null;

/** The app's Monaco with completion and hover documentation from the stack JSON Schema registered once. */
export function loadStackMonaco(): Promise<Monaco> {
  loading ??= loadMonaco().then((monaco) => {
    registerCompletion(monaco);
    registerHover(monaco);
    return monaco;
  });
  return loading;
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
