import katex from 'katex';
import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';

/**
 * TeX math for lessons: `$...$` inline, `$$...$$` displayed (inline in a paragraph or as
 * a block of its own lines), rendered by KaTeX at parse time so the notebook needs no
 * script at view time. A lone dollar stays a dollar: the opening `$` must be followed by
 * a non-space and the closing one preceded by a non-space and not followed by a digit
 * (the Pandoc rule), so "costs $5 and $6" is prose.
 */
export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.after('escape', 'math_inline', mathInline);
  md.block.ruler.after('blockquote', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.math_inline = (tokens, idx) => renderTex(tokens[idx]!.content, false);
  md.renderer.rules.math_display = (tokens, idx) => renderTex(tokens[idx]!.content, true);
  md.renderer.rules.math_block = (tokens, idx) => `<div class="math-block">${renderTex(tokens[idx]!.content, true)}</div>\n`;
}

/** KaTeX never throws here: a TeX error is shown in place, in the error colour. */
export function renderTex(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, { displayMode, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' });
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x24 /* $ */) return false;
  const display = src.charCodeAt(start + 1) === 0x24;
  const open = display ? 2 : 1;
  if (!display) {
    const next = src.charAt(start + 1);
    if (next === '' || /\s/.test(next)) return false;
  }
  let end = start + open;
  for (;;) {
    end = src.indexOf(display ? '$$' : '$', end);
    if (end === -1) return false;
    if (src.charCodeAt(end - 1) === 0x5c /* \ */) {
      end += 1;
      continue;
    }
    if (!display && (/\s/.test(src.charAt(end - 1)) || /\d/.test(src.charAt(end + 1)))) {
      end += 1;
      continue;
    }
    break;
  }
  const content = src.slice(start + open, end);
  if (content.trim() === '') return false;
  if (!silent) {
    const token = state.push(display ? 'math_display' : 'math_inline', 'math', 0);
    token.content = content;
    token.markup = display ? '$$' : '$';
  }
  state.pos = end + open;
  return true;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (line: number): string => state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]!);
  const first = lineText(startLine);
  if (state.sCount[startLine]! - state.blkIndent >= 4 || !first.startsWith('$$')) return false;
  // `$$ x $$` on one line is left to the inline rule, which renders it displayed.
  const rest = first.slice(2);
  if (rest.trimEnd().endsWith('$$')) return false;
  let line = startLine;
  const body: string[] = [rest];
  let closed = false;
  while (++line < endLine) {
    const text = lineText(line);
    if (text.trimEnd().endsWith('$$')) {
      body.push(text.trimEnd().slice(0, -2));
      closed = true;
      break;
    }
    body.push(text);
  }
  if (!closed) return false;
  if (silent) return true;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = body.join('\n').trim();
  token.map = [startLine, line + 1];
  token.markup = '$$';
  state.line = line + 1;
  return true;
}
