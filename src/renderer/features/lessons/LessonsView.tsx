import { useStrata } from '../../store/store';
import { NotebookView } from '../notebook/NotebookView';
import { CourseOverview } from './CourseOverview';

/** The Lessons place: the course overview, or the open lesson's notebook. */
export function LessonsView() {
  const selected = useStrata((s) => s.selectedLesson);
  return selected === null ? <CourseOverview /> : <NotebookView key={selected} slug={selected} />;
}
