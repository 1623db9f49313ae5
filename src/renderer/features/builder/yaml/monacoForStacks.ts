import { stackJsonSchema } from '../../../../core/stack';
import { loadMonaco, type Monaco } from '../../editor/monacoLoader';
import { stackCompletions } from './stackCompletion';

export type { Monaco };

/** Stack models are named `*.stack.yaml`; completion applies only to them. */
export const STACK_MODEL_SUFFIX = '.stack.yaml';

let loading: Promise<Monaco> | null = null;

/** The app's Monaco with completion from the stack JSON Schema registered once. */
export function loadStackMonaco(): Promise<Monaco> {
  loading ??= loadMonaco().then((monaco) => {
    registerCompletion(monaco);
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
