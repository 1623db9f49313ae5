import { useEffect } from 'react';
import type { StrataState } from '../../store/store';
import { useStrata } from '../../store/store';
import { hashForPlace, placeFromHash, type Place } from './place';

/** The place the store shows. */
export function placeOf(s: StrataState): Place {
  if (s.activeView === 'lessons') return { view: 'lessons', lesson: s.selectedLesson, section: s.lessonSection };
  if (s.activeView === 'docs') return { view: 'docs', page: s.docPage, section: s.docSection };
  return { view: s.activeView };
}

/**
 * Keeps the address's fragment and the store's place in step, both ways. A new view or
 * lesson, or a jump to a section, is a new history entry (Back returns to it); reading
 * on (the section changing as the page scrolls) only rewrites the current entry. The
 * address changes by fragment alone, so whatever path and query it has are kept.
 * In-page anchors (`#cell-x`) scroll without touching the address, so it always names
 * a place.
 */
export function useAddressBar(): void {
  useEffect(() => {
    let written = hashForPlace(placeOf(useStrata.getState()));
    let shown = placeOf(useStrata.getState());
    let jump = useStrata.getState().sectionJump;
    let docJump = useStrata.getState().docJump;
    let applying = false;
    if (location.hash !== written) history.replaceState(history.state, '', written);

    const unsubscribe = useStrata.subscribe((s) => {
      const place = placeOf(s);
      const hash = hashForPlace(place);
      const moved =
        place.view !== shown.view ||
        (place.view === 'lessons' && shown.view === 'lessons' && place.lesson !== shown.lesson) ||
        (place.view === 'docs' && shown.view === 'docs' && place.page !== shown.page) ||
        s.sectionJump !== jump ||
        s.docJump !== docJump;
      shown = place;
      jump = s.sectionJump;
      docJump = s.docJump;
      if (applying || hash === written) return;
      written = hash;
      if (moved) history.pushState(null, '', hash);
      else history.replaceState(history.state, '', hash);
    });

    // Back, Forward, a followed `#/…` link or an edited address.
    const follow = (): void => {
      const place = placeFromHash(location.hash);
      if (!place) return;
      const hash = hashForPlace(place);
      if (hash === written) return;
      written = hash;
      applying = true;
      try {
        useStrata.getState().goTo(place);
      } finally {
        applying = false;
      }
      if (location.hash !== hash) history.replaceState(history.state, '', hash);
    };

    const onClick = (e: MouseEvent): void => {
      const link = e.target instanceof Element ? e.target.closest<HTMLAnchorElement>('a[href^="#"]') : null;
      const href = link?.getAttribute('href');
      if (!href || href.startsWith('#/') || e.defaultPrevented) return;
      e.preventDefault();
      document.getElementById(decodeURIComponent(href.slice(1)))?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    };

    window.addEventListener('popstate', follow);
    window.addEventListener('hashchange', follow);
    document.addEventListener('click', onClick);
    return () => {
      unsubscribe();
      window.removeEventListener('popstate', follow);
      window.removeEventListener('hashchange', follow);
      document.removeEventListener('click', onClick);
    };
  }, []);
}
