/**
 * The documentation pages (docs/*.md): headings and anchors as GitHub makes them, and the
 * links lessons and pages write to them. The app renders the pages; the lesson lint checks
 * that every link names a page and a section that exist.
 */
export { DOC_PAGE_ORDER, docHeadings, docLinkOf, docTitle, githubSlug, markdownLinks, type DocHeading, type DocLink, type MarkdownLink } from './docPages';
