import { useEffect, useState } from 'react';
import type { TocEntry } from './tableOfContents';

/** The id of the last heading scrolled past the top of `scroller` (the section being read); null above the first. */
export function useActiveHeading(entries: readonly TocEntry[], scroller: HTMLElement | null): string | null {
  const [active, setActive] = useState<string | null>(null);
  useEffect(() => {
    if (!scroller) return;
    const update = (): void => {
      // A hidden view measures every heading at 0: it is not being read.
      if (scroller.clientHeight === 0) return;
      const top = scroller.getBoundingClientRect().top + 80;
      let current: string | null = null;
      for (const e of entries) {
        const el = document.getElementById(e.id);
        if (el && el.getBoundingClientRect().top <= top) current = e.id;
      }
      setActive(current);
    };
    update();
    scroller.addEventListener('scroll', update, { passive: true });
    return () => scroller.removeEventListener('scroll', update);
  }, [entries, scroller]);
  return active;
}
