/**
 * The editor features Strata's editors use beyond Monaco's core: `editor.api` brings the
 * editor without its contributions (monaco-editor's `editor.main` adds them all, with
 * every language), so each one used is imported here. Hover shows the stack keys'
 * documentation and the suggest widget their completions in every stack editor, the
 * Builder's and a lesson's cells' (builder/yaml/monacoForStacks.ts);
 * how editors offer completions is `SUGGEST_OPTIONS` (monacoLoader.ts).
 */
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
