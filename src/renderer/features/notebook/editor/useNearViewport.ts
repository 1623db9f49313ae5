import { useEffect, useState } from 'react';

/** Becomes true once `el` comes within a screen of the viewport, and stays true. */
export function useNearViewport(el: Element | null): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    if (!el || near) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setNear(true);
      },
      { rootMargin: '100% 0px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [el, near]);
  return near;
}
