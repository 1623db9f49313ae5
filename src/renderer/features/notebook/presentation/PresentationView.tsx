import { useEffect, useMemo, useState } from 'react';
import { useStrata } from '../../../store/store';
import { PresenterCheckpoints } from '../../checkpoints/PresenterCheckpoints';
import { isEditableTarget } from '../../shell/editableTarget';
import { CellView } from '../CellView';
import { headingIdsForCell, tableOfContents } from '../tableOfContents';
import { useNotebook } from '../useNotebook';
import { splitSlides } from './slides';

/** Keys that move between slides, unless typed into an editor, a terminal or a field. */
const NEXT = new Set(['ArrowRight', 'ArrowDown', 'PageDown', ' ']);
const PREV = new Set(['ArrowLeft', 'ArrowUp', 'PageUp']);

/**
 * Presentation mode for seminars: the lesson one section (h1/h2) per slide, in big type,
 * its cells still live (run a stack, answer a quiz, type into a VM in front of the room).
 * Arrows and PageUp/PageDown move, Home/End jump, Esc leaves.
 */
export function PresentationView() {
  const { lesson } = useNotebook();
  const setPresenting = useStrata((s) => s.setPresenting);
  const slides = useMemo(() => splitSlides(lesson), [lesson]);
  const toc = useMemo(() => tableOfContents(lesson.headings), [lesson.headings]);
  const headingIds = useMemo(() => lesson.cells.map((cell, i) => headingIdsForCell(toc, i, cell)), [lesson.cells, toc]);
  const [index, setIndex] = useState(0);
  const slide = slides[Math.min(index, slides.length - 1)];

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        // Esc inside an editor first leaves the editor; a second Esc leaves the presentation.
        if (isEditableTarget(e.target)) {
          (e.target as HTMLElement).blur?.();
          (document.activeElement as HTMLElement | null)?.blur?.();
          return;
        }
        e.preventDefault();
        setPresenting(false);
        return;
      }
      if (isEditableTarget(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (NEXT.has(e.key) && !(e.key === ' ' && (e.target as HTMLElement | null)?.closest?.('button'))) {
        e.preventDefault();
        setIndex((i) => Math.min(slides.length - 1, i + 1));
      } else if (PREV.has(e.key)) {
        e.preventDefault();
        setIndex((i) => Math.max(0, i - 1));
      } else if (e.key === 'Home') setIndex(0);
      else if (e.key === 'End') setIndex(slides.length - 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [slides.length, setPresenting]);

  useEffect(() => {
    document.querySelector('.presentation-slide')?.scrollTo({ top: 0 });
  }, [index]);

  if (!slide) return null;
  return (
    <div className="presentation" role="dialog" aria-label={`Presenting ${lesson.title}`} data-testid="presentation">
      <div className="presentation-topbar">
        <span className="presentation-lesson">{lesson.title}</span>
        <span className="presentation-section">{slide.title}</span>
        <PresenterCheckpoints />
        <button type="button" className="icon-button" onClick={() => setPresenting(false)} title="Leave presentation mode (Esc)">
          ✕ Esc
        </button>
      </div>
      <div className="presentation-slide" key={index}>
        <div className="presentation-content">
          {slide.parts.map((part) => {
            const cell = lesson.cells[part.cellIndex]!;
            return (
              <CellView
                key={`${cell.id}-${part.lineOffset}`}
                cell={cell}
                headingIds={headingIds[part.cellIndex]!}
                slice={part.source !== undefined ? { source: part.source, lineOffset: part.lineOffset } : undefined}
              />
            );
          })}
        </div>
      </div>
      <div className="presentation-footer">
        <button type="button" onClick={() => setIndex(Math.max(0, index - 1))} disabled={index === 0} aria-label="Previous slide">
          ←
        </button>
        <span className="presentation-count">
          {index + 1} / {slides.length}
        </span>
        <button type="button" onClick={() => setIndex(Math.min(slides.length - 1, index + 1))} disabled={index >= slides.length - 1} aria-label="Next slide">
          →
        </button>
        <div className="presentation-progress" aria-hidden>
          <span style={{ width: `${((index + 1) / slides.length) * 100}%` }} />
        </div>
      </div>
    </div>
  );
}
