import type { MarkdownIt, StateInline } from 'markdown-it';
import { labelPath } from '../../../../core/ui/uiLabels';
import { escapeHtml } from './codeHighlighter';

/**
 * `[[Run]]` in lesson prose: a label of the app's own buttons, tabs and menus, shown as a
 * key cap so the student knows to look for it on screen. `[[Presets > Kerrighed upon Xen]]`
 * is a path through a menu. `strata lessons lint` checks each against src/core/ui/uiLabels.ts.
 */
export function uiLabelPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'ui_label', uiLabel);
  md.renderer.rules.ui_label = (tokens, idx) => {
    const parts = labelPath(tokens[idx]!.content).map((part) => `<kbd class="ui-label">${escapeHtml(part)}</kbd>`);
    return `<span class="ui-labels">${parts.join('<span class="ui-label-sep" aria-hidden="true">›</span>')}</span>`;
  };
}

function uiLabel(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  if (!state.src.startsWith('[[', start)) return false;
  const end = state.src.indexOf(']]', start + 2);
  if (end === -1) return false;
  const content = state.src.slice(start + 2, end);
  if (content.trim() === '' || content.includes('\n') || content.includes('[')) return false;
  if (!silent) state.push('ui_label', 'kbd', 0).content = content;
  state.pos = end + 2;
  return true;
}
