import { useStrata } from '../../store/store';

/**
 * The course's front page: the seminar's question and every lesson as a card, so a
 * student sees the whole path and a teacher can jump anywhere.
 */
export function CourseOverview() {
  const lessons = useStrata((s) => s.lessons);
  const openLesson = useStrata((s) => s.openLesson);
  const showView = useStrata((s) => s.showView);
  return (
    <div className="overview">
      <section className="overview-hero">
        <p className="eyebrow">Paris project-team seminar, INRIA, November 2007</p>
        <h1>Is virtualization killing single-system-image research?</h1>
        <p>
          Containers, Type I and Type II hypervisors, emulation and SSI clusters, combined layer by layer. Read each lesson, build its stacks in
          the builder, run them in the simulator, and try the real thing in QEMU virtual machines.
        </p>
        <div className="hero-actions">
          <button type="button" className="primary" onClick={() => lessons[0] && openLesson(lessons[0].slug)} disabled={lessons.length === 0}>
            Start the course
          </button>
          <button type="button" onClick={() => showView('builder')}>
            Open the builder
          </button>
          <button type="button" onClick={() => showView('machines')}>
            Boot a VM
          </button>
        </div>
      </section>
      <section className="lesson-cards" aria-label="Lessons">
        {lessons.map((lesson) => (
          <button
            key={lesson.slug}
            type="button"
            className={lesson.status === 'error' ? 'lesson-card broken' : 'lesson-card'}
            onClick={() => openLesson(lesson.slug)}
          >
            <span className="lesson-card-number">{lesson.slug.split('-')[0]}</span>
            {lesson.status === 'ok' ? (
              <>
                <strong>{lesson.title}</strong>
                <span className="lesson-card-meta">
                  {lesson.duration ?? ''}
                  {lesson.objectives.length > 0 && ` · ${lesson.objectives.length} objective${lesson.objectives.length === 1 ? '' : 's'}`}
                </span>
              </>
            ) : (
              <>
                <strong>{lesson.file}</strong>
                <span className="lesson-card-meta error">{lesson.error}</span>
              </>
            )}
          </button>
        ))}
      </section>
    </div>
  );
}
