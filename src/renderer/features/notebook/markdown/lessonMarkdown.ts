import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import { docLinkOf } from '../../../../core/docs';
import { hashForPlace } from '../../shell/place';
import { escapeHtml, highlightCode } from './codeHighlighter';
import { mathPlugin } from './mathPlugin';
import { uiLabelPlugin } from './uiLabelPlugin';

/** What a markdown cell's rendering needs from the lesson around it. */
export interface MarkdownEnv {
  /** Anchor ids of the cell's top-level headings, by 0-based line within the cell source. */
  headingIds: ReadonlyMap<number, string>;
  /** The documentation page being rendered, when it is one: its links are relative to docs/, not lessons/. */
  docPage?: string;
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: true, highlight: (code, lang) => wrapCode(code, lang) });
md.use(mathPlugin);
md.use(uiLabelPlugin);

function wrapCode(code: string, lang: string): string {
  const body = highlightCode(code, lang);
  const language = lang.trim().split(/\s+/)[0] ?? '';
  return `<pre class="code-block"><code class="hljs${language ? ` language-${escapeHtml(language)}` : ''}">${body}</code></pre>`;
}

md.renderer.rules.heading_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const headingIds = (env as Partial<MarkdownEnv> | undefined)?.headingIds;
  const id = token.level === 0 && token.map ? headingIds?.get(token.map[0]) : undefined;
  if (id) token.attrSet('id', id);
  return self.renderToken(tokens, idx, options);
};

md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const src = token.attrGet('src');
  if (typeof src === 'string') token.attrSet('src', lessonAssetUrl(src));
  token.attrSet('loading', 'lazy');
  return self.renderToken(tokens, idx, options);
};

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const href = String(token.attrGet('href') ?? '');
  // A link to a documentation page, written as GitHub resolves it, opens that page in the Docs view.
  const doc = docLinkOf(href, (env as Partial<MarkdownEnv> | undefined)?.docPage);
  if (doc) token.attrSet('href', hashForPlace({ view: 'docs', page: doc.page, section: doc.section }));
  else if (/^https?:/i.test(href)) token.attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};

/**
 * Lessons name their images as GitHub shows them (`../assets/lessons/x.png`, relative to
 * lessons/); the app serves the same files under `assets/lessons/` beside the renderer.
 */
export function lessonAssetUrl(src: string): string {
  const m = /^(?:\.\.\/|\/)?(assets\/lessons\/.+)$/.exec(src);
  return m ? m[1]! : src;
}

/** Renders one line of lesson Markdown (a quiz choice, an exercise goal) without a paragraph around it. */
export function renderInlineLessonMarkdown(source: string): string {
  return DOMPurify.sanitize(md.renderInline(source), { USE_PROFILES: { html: true, mathMl: true, svg: true } });
}

/**
 * Renders a markdown cell to sanitized HTML: CommonMark plus tables, KaTeX math and
 * highlighted code. Raw HTML in lessons is not rendered at all, and DOMPurify cleans what
 * markdown-it and KaTeX produce, so a lesson file can never run script in the app.
 */
export function renderLessonMarkdown(source: string, env: MarkdownEnv): string {
  const html = md.render(source, { ...env });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true, mathMl: true, svg: true } });
}
