import type { LessonModel } from '../../../core/lesson';
import type { SaveState } from './work/autosave';
import { ProgressRing } from './ProgressRing';

export interface NotebookHeaderProps {
  lesson: LessonModel;
  objectivesMet: readonly string[];
  saveState: { state: SaveState; error?: string } | undefined;
  runningAll: boolean;
  canReset: boolean;
  onRunAll(): void;
  onResetLesson(): void;
  onPresent(): void;
}

const SAVE_TEXT: Record<SaveState, string> = { saved: 'All work saved', pending: 'Saving…', saving: 'Saving…', error: 'Not saved' };

/** The lesson's title, duration and objectives (met ones ticked), and the notebook's commands. */
export function NotebookHeader({ lesson, objectivesMet, saveState, runningAll, canReset, onRunAll, onResetLesson, onPresent }: NotebookHeaderProps) {
  const objectives = lesson.frontMatter?.objectives ?? [];
  const met = objectives.filter((o) => objectivesMet.includes(o.id)).length;
  return (
    <header className="notebook-header">
      <div className="notebook-toolbar" role="toolbar" aria-label="Notebook">
        <button type="button" className="primary" onClick={onRunAll} disabled={runningAll} title="Run every stack, scenario, script and exercise cell in order (VMs boot only on their own Boot)">
          {runningAll ? 'Running…' : '▶▶ Run all'}
        </button>
        <button type="button" onClick={onPresent} title="Present this lesson as slides (Esc to leave)">
          ⛶ Present
        </button>
        <button type="button" onClick={onResetLesson} disabled={!canReset} title="Forget your edits, outputs and answers in this lesson">
          ↺ Reset lesson
        </button>
        <span className="toolbar-spacer" />
        {saveState && (
          <span className={`save-state save-${saveState.state}`} title={saveState.error ?? 'Your work in this lesson autosaves to your workspace; the lesson itself is never changed.'} data-testid="save-state">
            {SAVE_TEXT[saveState.state]}
            {saveState.error && `: ${saveState.error}`}
          </span>
        )}
      </div>
      {lesson.frontMatter?.duration && <p className="notebook-meta">{lesson.frontMatter.duration}</p>}
      {objectives.length > 0 && (
        <section className="objectives" aria-label="Objectives">
          <div className="objectives-title">
            <ProgressRing met={met} total={objectives.length} size={20} />
            <span>
              Objectives · {met} of {objectives.length} met
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
                  {o.text}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </header>
  );
}
