import { useStrata } from '../../store/store';
import { AlertIcon } from '../shell/icons';

/** The course: every lesson file in lessons/, in order, with broken files shown as such. */
export function CourseSidebar() {
  const lessons = useStrata((s) => s.lessons);
  const status = useStrata((s) => s.lessonsStatus);
  const error = useStrata((s) => s.lessonsError);
  const selected = useStrata((s) => s.selectedLesson);
  const openLesson = useStrata((s) => s.openLesson);
  const reload = useStrata((s) => s.loadLessons);

  return (
    <aside className="sidebar" aria-label="Course">
      <header className="sidebar-header">
        <span>Course</span>
        <button type="button" className="icon-button" title="Reload the lesson list" onClick={() => void reload()}>
          ↻
        </button>
      </header>
      <button type="button" className={`course-home${selected === null ? ' selected' : ''}`} onClick={() => openLesson(null)}>
        VMs vs SSI — overview
      </button>
      {status === 'loading' && lessons.length === 0 && <p className="sidebar-note">Loading lessons…</p>}
      {status === 'error' && <p className="sidebar-note error">Could not list the lessons: {error}</p>}
      <ol className="lesson-list" data-testid="lesson-list">
        {lessons.map((lesson) => {
          const number = lesson.slug.split('-')[0];
          if (lesson.status === 'error') {
            return (
              <li key={lesson.slug}>
                <button type="button" className="lesson-item broken" title={lesson.error} onClick={() => openLesson(lesson.slug)}>
                  <span className="lesson-number">{number}</span>
                  <span className="lesson-title">
                    {lesson.file}
                    <small className="lesson-error">
                      <AlertIcon size={12} /> {lesson.error}
                    </small>
                  </span>
                </button>
              </li>
            );
          }
          return (
            <li key={lesson.slug}>
              <button
                type="button"
                className={`lesson-item${selected === lesson.slug ? ' selected' : ''}`}
                aria-current={selected === lesson.slug ? 'page' : undefined}
                onClick={() => openLesson(lesson.slug)}
              >
                <span className="lesson-number">{number}</span>
                <span className="lesson-title">
                  {lesson.title}
                  {lesson.duration && <small>{lesson.duration}</small>}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
