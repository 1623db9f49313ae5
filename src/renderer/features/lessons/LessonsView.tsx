import { lazy, Suspense } from 'react';
import { useStrata } from '../../store/store';
import { CourseOverview } from './CourseOverview';

/*
 * A lesson's notebook brings the builder in its cells, charts, terminals, Markdown with
 * formulas and code highlighting: a chunk of its own, loaded when a lesson is first
 * opened, so the course overview (the home page) starts without it.
 */
const NotebookView = lazy(() => import('../notebook/NotebookView').then((m) => ({ default: m.NotebookView })));

/** The Lessons place: the course overview, or the open lesson's notebook. */
export function LessonsView() {
  const selected = useStrata((s) => s.selectedLesson);
  if (selected === null) return <CourseOverview />;
  return (
    <Suspense fallback={<p className="view-loading">Loading the lesson…</p>}>
      <NotebookView key={selected} slug={selected} />
    </Suspense>
  );
}
