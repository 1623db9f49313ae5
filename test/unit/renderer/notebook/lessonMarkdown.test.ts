import { describe, expect, it } from 'vitest';
import { highlightCode } from '../../../../src/renderer/features/notebook/markdown/codeHighlighter';
import { lessonAssetUrl } from '../../../../src/renderer/features/notebook/markdown/lessonMarkdown';

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
