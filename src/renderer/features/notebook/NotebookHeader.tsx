import type { SaveState } from './work/autosave';

export interface NotebookHeaderProps {
  duration: string | undefined;
  saveState: { state: SaveState; error?: string } | undefined;
  runningAll: boolean;
  canReset: boolean;
  onRunAll(): void;
  onResetLesson(): void;
  onPresent(): void;
}

const SAVE_TEXT: Record<SaveState, string> = { saved: 'All work saved', pending: 'Saving…', saving: 'Saving…', error: 'Not saved' };

/** The notebook's commands, the lesson's duration and whether the student's work is saved. */
export function NotebookHeader({ duration, saveState, runningAll, canReset, onRunAll, onResetLesson, onPresent }: NotebookHeaderProps) {
  return (
    <header className="notebook-toolbar" role="toolbar" aria-label="Notebook">
      <button
        type="button"
        className="primary"
        onClick={onRunAll}
        disabled={runningAll}
        title="Run every stack, scenario, script and exercise cell in order (VMs boot only on their own Boot)"
      >
        {runningAll ? 'Running…' : '▶▶ Run all'}
      </button>
      <button type="button" onClick={onPresent} title="Present this lesson as slides (Esc to leave)">
        <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden className="button-icon">
          <rect x="1.5" y="2.5" width="13" height="9" rx="1" fill="none" stroke="currentColor" strokeWidth="1.4" />
          <path d="M8 11.5v3M5 14.5h6" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
        </svg>
        Present
      </button>
      <button type="button" onClick={onResetLesson} disabled={!canReset} title="Forget your edits, outputs and answers in this lesson">
        ↺ Reset lesson
      </button>
      <span className="toolbar-spacer" />
      {duration && <span className="notebook-meta">{duration}</span>}
      {saveState && (
        <span
          className={`save-state save-${saveState.state}`}
          title={saveState.error ?? 'Your work in this lesson autosaves to your workspace; the lesson itself is never changed.'}
          data-testid="save-state"
        >
          {SAVE_TEXT[saveState.state]}
          {saveState.error && `: ${saveState.error}`}
        </span>
      )}
    </header>
  );
}
