import type { Cell, Heading } from '../../../core/lesson';

/** One line of the table of contents, with the anchor id its heading gets in the page. */
export interface TocEntry {
  id: string;
  level: number;
  /** The heading as plain text (inline Markdown removed). */
  text: string;
  /** Index of the markdown cell holding the heading. */
  cellIndex: number;
  /** 1-based line of the heading in the lesson file. */
  line: number;
}

/**
 * The table of contents of a lesson, from the parser's headings. Ids are slugs of the
 * heading text, made unique in document order ("intro", "intro-2") so links stay stable
 * as long as the text does.
 */
export function tableOfContents(headings: readonly Heading[]): TocEntry[] {
  const used = new Map<string, number>();
  return headings
    .filter((h) => h.cellIndex >= 0)
    .map((h) => {
      const text = headingPlainText(h.text);
      const base = `${HEADING_ID_PREFIX}${slugify(text) || 'section'}`;
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      return { id: n === 1 ? base : `${base}-${n}`, level: h.level, text, cellIndex: h.cellIndex, line: h.line };
    });
}

/** Heading ids carry a prefix so they never clash with the page's other ids (cells are `cell-…`). */
const HEADING_ID_PREFIX = 'h-';

/** The section name the address shows for a heading id (`h-intro-2` → `intro-2`). */
export function sectionOfHeading(id: string): string {
  return id.startsWith(HEADING_ID_PREFIX) ? id.slice(HEADING_ID_PREFIX.length) : id;
}

/** The heading id of a section named in the address. */
export function headingOfSection(section: string): string {
  return `${HEADING_ID_PREFIX}${section}`;
}

/** Anchor ids of one markdown cell's headings, keyed by 0-based line within the cell's source. */
export function headingIdsForCell(toc: readonly TocEntry[], cellIndex: number, cell: Cell): Map<number, string> {
  const ids = new Map<number, string>();
  for (const entry of toc) if (entry.cellIndex === cellIndex) ids.set(entry.line - cell.range.start, entry.id);
  return ids;
}

/** Strips inline Markdown (code ticks, emphasis, links) from a heading's source text. */
export function headingPlainText(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(\*|_)(.+?)\1/g, '$2')
    .trim();
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
