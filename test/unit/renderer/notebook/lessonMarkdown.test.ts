import { describe, expect, it } from 'vitest';
import { highlightCode } from '../../../../src/renderer/features/notebook/markdown/codeHighlighter';
import MarkdownIt from 'markdown-it';
import { lessonAssetUrl } from '../../../../src/renderer/features/notebook/markdown/lessonMarkdown';
import { uiLabelPlugin } from '../../../../src/renderer/features/notebook/markdown/uiLabelPlugin';

describe('lesson Markdown helpers', () => {
  it('maps lesson image paths as GitHub shows them to the app’s assets folder', () => {
    expect(lessonAssetUrl('../assets/lessons/kerrighed.png')).toBe('assets/lessons/kerrighed.png');
    expect(lessonAssetUrl('assets/lessons/a/b.svg')).toBe('assets/lessons/a/b.svg');
    expect(lessonAssetUrl('https://example.org/x.png')).toBe('https://example.org/x.png');
  });

  it('highlights known languages and escapes anything else instead of guessing', () => {
    expect(highlightCode('layers: []', 'yaml')).toContain('hljs-attr');
    expect(highlightCode('  mb  <app>', '')).toBe('  mb  &lt;app&gt;');
    expect(highlightCode('x', 'cobol')).toBe('x');
  });
});

describe('UI labels in lesson Markdown', () => {
  const md = new MarkdownIt().use(uiLabelPlugin);

  it('renders [[Label]] and menu paths as key caps, and leaves code and links alone', () => {
    const html = md.render('Press [[Run]], then [[Presets > Kerrighed upon Xen]]. Not `[[Run]]`, nor [link](#x).');
    expect(html).toContain('<kbd class="ui-label">Run</kbd>');
    expect(html).toContain(
      '<kbd class="ui-label">Presets</kbd><span class="ui-label-sep" aria-hidden="true">›</span><kbd class="ui-label">Kerrighed upon Xen</kbd>',
    );
    expect(html).toContain('<code>[[Run]]</code>');
    expect(html).toContain('<a href="#x">link</a>');
  });

  it('escapes what a label holds', () => {
    expect(md.renderInline('[[<img src=x onerror=alert(1)>]]')).toContain('&lt;img src=x');
  });
});
