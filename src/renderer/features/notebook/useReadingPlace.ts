import { useEffect, useRef } from 'react';
import { useStrata } from '../../store/store';
import { headingOfSection, sectionOfHeading, type TocEntry } from './tableOfContents';
import { useActiveHeading } from './useActiveHeading';

const RELEASE_EVENTS = ['wheel', 'pointerdown', 'keydown', 'touchstart'] as const;

/**
 * The lesson's part of the address: brings the section it names on screen when the
 * lesson opens or a link, Back or Forward asks for it, and records the section scrolled
 * to as the student reads on. Returns the heading being read.
 */
export function useReadingPlace(entries: readonly TocEntry[], scroller: HTMLElement | null, content: HTMLElement | null): string | null {
  const jump = useStrata((s) => s.sectionJump);
  const readSection = useStrata((s) => s.readSection);
  const active = useActiveHeading(entries, scroller);
  // Held from the start: until the opening lesson has put its section on screen, what is on screen is not what is read.
  const holding = useRef(true);

  useEffect(() => {
    if (!scroller || !content) return;
    const { lessonSection: section, jumpCell } = useStrata.getState();
    const place = (): void => {
      const target = (jumpCell ? document.getElementById(`cell-${jumpCell}`) : null) ?? (section ? document.getElementById(headingOfSection(section)) : null);
      if (target) target.scrollIntoView({ block: 'start' });
      else scroller.scrollTop = 0;
    };
    holding.current = true;
    place();
    // Cells above the section grow as their editors and images load: hold it in place until the student moves.
    const observer = new ResizeObserver(place);
    observer.observe(content);
    const release = (): void => {
      holding.current = false;
      observer.disconnect();
      for (const type of RELEASE_EVENTS) window.removeEventListener(type, release, true);
    };
    for (const type of RELEASE_EVENTS) window.addEventListener(type, release, { capture: true, passive: true });
    return release;
  }, [jump, scroller, content]);

  useEffect(() => {
    if (!holding.current) readSection(active ? sectionOfHeading(active) : null);
  }, [active, readSection]);

  return active;
}
