import { useMemo } from 'react';
import { renderLessonMarkdown } from '../markdown/lessonMarkdown';

export interface MarkdownCellViewProps {
  source: string;
  /** Anchor ids of headings by 0-based line in `source`. */
  headingIds: ReadonlyMap<number, string>;
}

/** Prose of a lesson: sanitized HTML from the lesson's Markdown. */
export function MarkdownCellView({ source, headingIds }: MarkdownCellViewProps) {
  const html = useMemo(() => renderLessonMarkdown(source, { headingIds }), [source, headingIds]);
  return <div className="cell cell-markdown prose" dangerouslySetInnerHTML={{ __html: html }} />;
}
