import type { TocEntry } from './tableOfContents';
import { useActiveHeading } from './useActiveHeading';

/** The lesson's headings, the one being read highlighted; a click scrolls to it. */
export function TableOfContents({ entries, scroller }: { entries: readonly TocEntry[]; scroller: HTMLElement | null }) {
  const active = useActiveHeading(entries, scroller);
  if (entries.length === 0) return null;
  return (
    <nav className="toc" aria-label="Contents of this lesson">
      <div className="toc-title">Contents</div>
      <ol>
        {entries.map((e) => (
          <li key={e.id} className={`toc-level-${e.level}${active === e.id ? ' active' : ''}`}>
            <a
              href={`#${e.id}`}
              onClick={(ev) => {
                ev.preventDefault();
                document.getElementById(e.id)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
              }}
            >
              {e.text}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
