import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { mathPlugin } from '../../../../src/renderer/features/notebook/markdown/mathPlugin';

const md = new MarkdownIt().use(mathPlugin);

describe('mathPlugin', () => {
  it('renders inline and display math with KaTeX', () => {
    const html = md.render('Time is $T = V/R$ and\n\n$$\\frac{a}{b},$$\n');
    expect(html).toContain('class="katex"');
    expect(html).toContain('katex-display');
  });

  it('renders a multi-line $$ block', () => {
    const html = md.render('$$\nx = 1\n\\\\ y = 2\n$$\n');
    expect(html).toContain('class="math-block"');
  });

  it('leaves prices and lone dollars as text', () => {
    const html = md.render('It costs $5 and $6, or $ 7.');
    expect(html).not.toContain('katex');
    expect(html).toContain('$5 and $6');
  });

  it('shows a TeX error in place instead of throwing', () => {
    expect(() => md.render('$\\frac{$')).not.toThrow();
  });
});
