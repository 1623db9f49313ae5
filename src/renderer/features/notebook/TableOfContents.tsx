import { useStrata } from '../../store/store';
import { hashForPlace } from '../shell/place';
import { sectionOfHeading, type TocEntry } from './tableOfContents';

/** The lesson's headings, the one being read highlighted; each is a link to its section (a click jumps there). */
export function TableOfContents({ slug, entries, active }: { slug: string; entries: readonly TocEntry[]; active: string | null }) {
  const goTo = useStrata((s) => s.goTo);
  if (entries.length === 0) return null;
  const current = active ?? entries[0]!.id;
  return (
    <nav className="toc" aria-label="Contents of this lesson">
      <div className="toc-title">Contents</div>
      <ol>
        {entries.map((e) => {
          const place = { view: 'lessons', lesson: slug, section: sectionOfHeading(e.id) } as const;
          return (
            <li key={e.id} className={`toc-level-${e.level}${current === e.id ? ' active' : ''}`}>
              <a
                href={hashForPlace(place)}
                onClick={(ev) => {
                  if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
                  ev.preventDefault();
                  goTo(place);
                }}
              >
                {e.text}
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
