import type { LessonModel } from '../../../core/lesson';
import { ProgressRing } from './ProgressRing';

/** The lesson's objectives, ticked as their exercises pass. */
export function ObjectivesCard({ lesson, objectivesMet }: { lesson: LessonModel; objectivesMet: readonly string[] }) {
  const objectives = lesson.frontMatter?.objectives ?? [];
  if (objectives.length === 0) return null;
  const met = objectives.filter((o) => objectivesMet.includes(o.id)).length;
  return (
    <section className="objectives" aria-label="Objectives">
      <div className="objectives-title">
        <ProgressRing met={met} total={objectives.length} size={18} />
        <span>
          Objectives · {met}/{objectives.length}
        </span>
      </div>
      <ul>
        {objectives.map((o) => {
          const done = objectivesMet.includes(o.id);
          return (
            <li key={o.id} className={done ? 'met' : ''} data-testid={`objective-${o.id}`} data-met={done}>
              <span className="objective-check" aria-hidden>
                {done ? '✓' : '○'}
              </span>
              <span>{o.text}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
