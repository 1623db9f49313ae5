import type { LessonModel } from '../../../../core/lesson';
import { headingPlainText } from '../tableOfContents';

/**
 * A piece of a slide: a whole cell, or for prose, the lines of a markdown cell that
 * belong to this slide (a markdown cell often holds several sections).
 */
export interface SlidePart {
  cellIndex: number;
  /** For a markdown cell: the slice of its source on this slide. */
  source?: string;
  /** 0-based line in the cell source where `source` starts. */
  lineOffset: number;
}

export interface Slide {
  title: string;
  parts: SlidePart[];
}

/**
 * Splits a lesson into slides for presentation mode: a new slide at every heading of
 * level 1 or 2 (one section at a time); deeper headings stay on their section's slide,
 * and every fenced cell stays with the prose before it. Text before the first heading
 * opens the first slide, titled with the lesson's title.
 */
export function splitSlides(lesson: LessonModel): Slide[] {
  const slides: Slide[] = [];
  let current: Slide = { title: lesson.title, parts: [] };
  const startSlide = (title: string): void => {
    if (current.parts.length > 0) slides.push(current);
    current = { title, parts: [] };
  };

  lesson.cells.forEach((cell, cellIndex) => {
    if (cell.kind !== 'markdown') {
      current.parts.push({ cellIndex, lineOffset: 0 });
      return;
    }
    const lines = cell.source.split('\n');
    const breaks = lesson.headings
      .filter((h) => h.cellIndex === cellIndex && h.level <= 2)
      .map((h) => ({ offset: h.line - cell.range.start, title: headingPlainText(h.text) }))
      .filter((b) => b.offset >= 0 && b.offset < lines.length);
    let from = 0;
    const pushText = (to: number): void => {
      const source = lines.slice(from, to).join('\n');
      if (source.trim() !== '') current.parts.push({ cellIndex, source, lineOffset: from });
    };
    for (const b of breaks) {
      pushText(b.offset);
      startSlide(b.title);
      from = b.offset;
    }
    pushText(lines.length);
  });
  if (current.parts.length > 0) slides.push(current);
  return slides;
}
