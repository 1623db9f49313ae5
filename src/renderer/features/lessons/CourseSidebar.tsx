import { useEffect } from 'react';
import { useStrata } from '../../store/store';
import { ProgressRing } from '../notebook/ProgressRing';
import { AlertIcon } from '../shell/icons';

/** The course: every lesson file in lessons/, in order, with broken files shown as such. */
export function CourseSidebar() {
  const lessons = useStrata((s) => s.lessons);
  const status = useStrata((s) => s.lessonsStatus);
  const error = useStrata((s) => s.lessonsError);
  const selected = useStrata((s) => s.selectedLesson);
  const openLesson = useStrata((s) => s.openLesson);
  const reload = useStrata((s) => s.loadLessons);
  const api = useStrata((s) => s.api);
  const progress = useStrata((s) => s.lessonProgress);
  const loadProgress = useStrata((s) => s.loadProgress);

  useEffect(() => {
    if (api) void loadProgress();
  }, [api, loadProgress]);

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
          const met = lesson.objectives.filter((o) => progress[lesson.slug]?.includes(o.id)).length;
          const done = lesson.objectives.length > 0 && met === lesson.objectives.length;
          return (
            <li key={lesson.slug}>
              <button
                type="button"
                className={`lesson-item${selected === lesson.slug ? ' selected' : ''}${done ? ' done' : ''}`}
                aria-current={selected === lesson.slug ? 'page' : undefined}
                onClick={() => openLesson(lesson.slug)}
              >
                <span className="lesson-number">{number}</span>
                <span className="lesson-title">
                  {lesson.title}
                  {lesson.duration && <small>{lesson.duration}</small>}
                </span>
                {met > 0 && (
                  <span className="lesson-progress" data-testid={`progress-${lesson.slug}`} title={`${met} of ${lesson.objectives.length} objectives met`}>
                    <ProgressRing met={met} total={lesson.objectives.length} size={16} />
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
