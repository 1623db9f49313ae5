import { DOC_PAGE_ORDER, docHeadings, docTitle, type DocHeading } from '../../../core/docs';

/** One page of the Docs view. */
export interface DocPage {
  /** The file name in docs/ without `.md`: the page's part of the address. */
  name: string;
  title: string;
  source: string;
  headings: DocHeading[];
}

// Bundled at build time (Vite `?raw`), so the pages are the same in web mode and in Electron, offline.
const sources = import.meta.glob<string>('../../../../docs/*.md', { query: '?raw', import: 'default', eager: true });

const rank = (name: string): number => {
  const i = DOC_PAGE_ORDER.indexOf(name);
  return i < 0 ? DOC_PAGE_ORDER.length : i;
};

/** Every page of docs/, in reading order. */
export const DOC_PAGES: readonly DocPage[] = Object.entries(sources)
  .map(([file, source]) => {
    const name = file.slice(file.lastIndexOf('/') + 1, -'.md'.length);
    return { name, title: docTitle(name, source), source, headings: docHeadings(source) };
  })
  .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));

/** The page of that name, else the first page. */
export function docPageOrFirst(name: string | null): DocPage | undefined {
  return DOC_PAGES.find((p) => p.name === name) ?? DOC_PAGES[0];
}

/** The DOM id of a section's heading: prefixed so it never clashes with the app's other ids. */
export function docHeadingId(section: string): string {
  return `doc-${section}`;
}
