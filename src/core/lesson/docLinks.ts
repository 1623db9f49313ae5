import { docHeadings, docLinkOf, markdownLinks } from '../docs';
import type { Diagnostic, LessonModel } from './lessonModel';

/**
 * Links from a lesson's prose to the documentation pages (`../docs/NAME.md#section`, see
 * docs/lesson-format.md): each must name a page of `pages` (name → Markdown source) and,
 * when it has a `#section`, a heading of that page. The lint runs this with the pages of
 * docs/, which the parser itself cannot read.
 */
export function checkDocLinks(lesson: LessonModel, pages: ReadonlyMap<string, string>): Diagnostic[] {
  const anchors = new Map<string, Set<string>>();
  const anchorsOf = (page: string): Set<string> | undefined => {
    const source = pages.get(page);
    if (source === undefined) return undefined;
    let set = anchors.get(page);
    if (!set) anchors.set(page, (set = new Set(docHeadings(source).map((h) => h.slug))));
    return set;
  };
  const diagnostics: Diagnostic[] = [];
  for (const cell of lesson.cells) {
    if (cell.kind !== 'markdown') continue;
    for (const link of markdownLinks(cell.source)) {
      const report = (message: string): void => {
        const d: Diagnostic = {
          severity: 'error',
          rule: 'unknown-doc-link',
          message,
          line: cell.range.start + link.line - 1,
          column: link.column,
          cellId: cell.id,
        };
        if (lesson.file !== undefined) d.file = lesson.file;
        diagnostics.push(d);
      };
      const target = docLinkOf(link.href);
      if (!target) {
        if (/(^|\/)docs\/[^/]*\.md(#|$)/.test(link.href))
          report(`${link.href} is not how a lesson links a documentation page: write ../docs/NAME.md#section (relative to lessons/)`);
        continue;
      }
      const known = anchorsOf(target.page);
      if (!known) report(`${link.href}: docs/${target.page}.md does not exist (pages: ${[...pages.keys()].sort().join(', ')})`);
      else if (target.section !== null && !known.has(target.section))
        report(`${link.href}: docs/${target.page}.md has no section "${target.section}" (its headings: ${[...known].join(', ')})`);
    }
  }
  return diagnostics;
}
