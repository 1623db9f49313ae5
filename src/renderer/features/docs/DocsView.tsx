import { useEffect, useMemo, useRef } from 'react';
import { useStrata } from '../../store/store';
import { renderLessonMarkdown } from '../notebook/markdown/lessonMarkdown';
import '../notebook/notebook.css';
import { hashForPlace, type Place } from '../shell/place';
import { DOC_PAGES, docHeadingId, docPageOrFirst, type DocPage } from './docPages';
import './docs.css';

/**
 * The project's documentation (docs/*.md) on pages of its own: the pages and the open
 * page's sections on the left, the page rendered like a lesson's prose on the right.
 * Its place is in the address (`#/docs/PAGE/SECTION`), so lessons link to a section and a
 * reload comes back to it.
 */
export function DocsView() {
  const requested = useStrata((s) => s.docPage);
  const section = useStrata((s) => s.docSection);
  const jump = useStrata((s) => s.docJump);
  const visible = useStrata((s) => s.activeView === 'docs');
  const readDocSection = useStrata((s) => s.readDocSection);
  const page = docPageOrFirst(requested);
  const scroller = useRef<HTMLDivElement>(null);

  const html = useMemo(() => {
    if (!page) return '';
    const headingIds = new Map(page.headings.map((h) => [h.line, docHeadingId(h.slug)]));
    return renderLessonMarkdown(page.source, { headingIds, docPage: page.name });
  }, [page]);

  // Until the reader moves, the section on screen is the one asked for, even where the page
  // cannot scroll its heading to the top (near the end).
  const holding = useRef(true);

  // Brings the section asked for on screen: on opening, on a link or Back, and when the view is shown again.
  useEffect(() => {
    const el = scroller.current;
    if (!visible || !el) return;
    const wanted = useStrata.getState().docSection;
    const heading = wanted ? document.getElementById(docHeadingId(wanted)) : null;
    if (heading) heading.scrollIntoView({ block: 'start' });
    else el.scrollTop = 0;
    holding.current = true;
    const release = (): void => {
      holding.current = false;
      for (const type of RELEASE_EVENTS) el.removeEventListener(type, release);
    };
    for (const type of RELEASE_EVENTS) el.addEventListener(type, release, { passive: true });
    return release;
  }, [page, jump, visible]);

  // Reading on rewrites the section in the address, as the lessons do.
  useEffect(() => {
    const el = scroller.current;
    if (!visible || !el || !page) return;
    let frame = 0;
    const onScroll = (): void => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (!holding.current) readDocSection(sectionAtTop(el, page));
      });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('scroll', onScroll);
    };
  }, [page, visible, readDocSection]);

  if (!page) return <div className="docs-view empty-state">No documentation pages were bundled with this build.</div>;
  return (
    <div className="docs-view">
      <DocsContents current={page} section={section} />
      <div className="docs-scroller" ref={scroller}>
        {requested !== null && requested !== page.name && <p className="docs-missing">There is no page named “{requested}”; here is the first page.</p>}
        <article className="docs-page prose" aria-label={page.title} dangerouslySetInnerHTML={{ __html: html }} />
      </div>
    </div>
  );
}

/** The pages, and under the open one its sections; each entry is a link to its place. */
function DocsContents({ current, section }: { current: DocPage; section: string | null }) {
  const openDoc = useStrata((s) => s.openDoc);
  const link = (place: Extract<Place, { view: 'docs' }>, text: string, active: boolean) => (
    <a
      href={hashForPlace(place)}
      aria-current={active ? 'location' : undefined}
      onClick={(ev) => {
        if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
        ev.preventDefault();
        openDoc(place.page, place.section);
      }}
    >
      {text}
    </a>
  );
  return (
    <nav className="docs-contents toc" aria-label="Documentation pages">
      <div className="toc-title">Documentation</div>
      <ol>
        {DOC_PAGES.map((p) => (
          <li key={p.name} className={`toc-level-1${p === current ? ' active' : ''}`}>
            {link({ view: 'docs', page: p.name, section: null }, p.title, p === current && section === null)}
            {p === current && (
              <ol>
                {p.headings
                  .filter((h) => h.level === 2 || h.level === 3)
                  .map((h) => (
                    <li key={h.slug} className={`toc-level-${h.level}${h.slug === section ? ' active' : ''}`}>
                      {link({ view: 'docs', page: p.name, section: h.slug }, h.text, h.slug === section)}
                    </li>
                  ))}
              </ol>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** What the reader does to move on from a section a link brought on screen. */
const RELEASE_EVENTS = ['wheel', 'pointerdown', 'keydown', 'touchstart'] as const;

/** The section whose heading was last scrolled past the top of the page, null above the first. */
function sectionAtTop(scroller: HTMLElement, page: DocPage): string | null {
  const top = scroller.getBoundingClientRect().top + 24;
  let current: string | null = null;
  for (const h of page.headings) {
    if (h.level < 2) continue;
    const el = document.getElementById(docHeadingId(h.slug));
    if (!el) continue;
    if (el.getBoundingClientRect().top <= top) current = h.slug;
    else break;
  }
  return current;
}
