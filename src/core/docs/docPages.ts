import MarkdownIt from 'markdown-it';

/**
 * The project's documentation pages (docs/*.md) as the app and the lesson lint see them:
 * their headings with the anchors GitHub gives them, and the links that lessons and the
 * pages themselves write to them. Lessons link to a page as GitHub resolves it from
 * lessons/ (`../docs/simulator.md#the-cost-model`), so the same link works on GitHub and,
 * turned into a place of the Docs view, in the app.
 */

/** The order of the pages in the Docs view; a page not listed comes after, by name. */
export const DOC_PAGE_ORDER: readonly string[] = ['architecture', 'stack-format', 'lesson-format', 'simulator', 'qemu', 'real-runs', 'cli'];

/** One heading of a page. */
export interface DocHeading {
  level: number;
  /** The heading as plain text (inline Markdown removed). */
  text: string;
  /** Its anchor, as GitHub makes it, unique in the page. */
  slug: string;
  /** 0-based line of the heading in the page's source. */
  line: number;
}

/** A link to a page, and to a section of it when `section` is set. */
export interface DocLink {
  page: string;
  section: string | null;
}

const markdown = new MarkdownIt('commonmark');

/**
 * GitHub's anchor for a heading: lower case, punctuation dropped (letters, digits, `-` and
 * `_` kept), each space a dash.
 */
export function githubSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The top-level headings of a page in order, with unique anchors (`x`, `x-1`, `x-2` as GitHub numbers repeats). */
export function docHeadings(source: string): DocHeading[] {
  const tokens = markdown.parse(source, {});
  const used = new Map<string, number>();
  const headings: DocHeading[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type !== 'heading_open' || token.level !== 0 || !token.map) continue;
    const inline = tokens[i + 1];
    const text = (inline?.children ?? [])
      .filter((c) => c.type === 'text' || c.type === 'code_inline')
      .map((c) => c.content)
      .join('')
      .trim();
    const base = githubSlug(text);
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    headings.push({ level: Number(token.tag.slice(1)), text, slug: n === 0 ? base : `${base}-${n}`, line: token.map[0] });
  }
  return headings;
}

/** A page's title: its first level-1 heading, else its name. */
export function docTitle(name: string, source: string): string {
  return docHeadings(source).find((h) => h.level === 1)?.text ?? name;
}

const PAGE = '([a-z0-9][a-z0-9-]*)\\.md';
const FROM_LESSON = new RegExp(`^\\.\\./docs/${PAGE}(?:#(.*))?$`);
const FROM_DOC = new RegExp(`^(?:\\./)?${PAGE}(?:#(.*))?$`);

/**
 * The page a link's `href` names, or null when it names no page: from a lesson, a link
 * relative to lessons/ (`../docs/NAME.md#section`); from a page (`fromPage` set), a link
 * relative to docs/ (`NAME.md#section`) or an anchor of that page (`#section`).
 */
export function docLinkOf(href: string, fromPage?: string): DocLink | null {
  if (fromPage !== undefined && href.startsWith('#')) return { page: fromPage, section: decodeSection(href.slice(1)) };
  const m = (fromPage === undefined ? FROM_LESSON : FROM_DOC).exec(href);
  if (!m) return null;
  return { page: m[1]!, section: m[2] ? decodeSection(m[2]) : null };
}

function decodeSection(s: string): string | null {
  if (s === '') return null;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One link found in Markdown, with its 1-based line in that Markdown and its column there (1-based; 1 when unknown). */
export interface MarkdownLink {
  href: string;
  line: number;
  column: number;
}

/** Every link of a piece of Markdown (inline, reference-style and autolinks), in order. */
export function markdownLinks(source: string): MarkdownLink[] {
  const lines = source.split('\n');
  const links: MarkdownLink[] = [];
  for (const token of markdown.parse(source, {})) {
    if (token.type !== 'inline' || !token.map) continue;
    for (const child of token.children ?? []) {
      if (child.type !== 'link_open') continue;
      const href = String(child.attrGet('href') ?? '');
      // In its paragraph, else (a reference definition) anywhere; else the paragraph's start.
      const at = findText(lines, href, token.map[0], token.map[1]) ?? findText(lines, href, 0, lines.length) ?? { line: token.map[0] + 1, column: 1 };
      links.push({ href, ...at });
    }
  }
  return links;
}

function findText(lines: readonly string[], text: string, from: number, to: number): { line: number; column: number } | undefined {
  for (let l = from; l < to; l++) {
    const at = lines[l]?.indexOf(text) ?? -1;
    if (at >= 0) return { line: l + 1, column: at + 1 };
  }
  return undefined;
}
