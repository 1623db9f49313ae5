import { useEffect, useRef, useState } from 'react';
import { UI } from '../../../core/ui/uiLabels';
import { CheckpointNewsLine } from './CheckpointPanel';
import { checkpointSummary, useCheckpoints } from './useCheckpoints';
import './checkpoints.css';

/**
 * Presentation mode's checkpoint controls: Checkpoint marks this moment of the demo (every
 * running VM and the simulator's runs), Rewind opens the kept checkpoints, newest first,
 * and brings the chosen one back; the line beside says how long it took.
 */
export function PresenterCheckpoints() {
  const { checkpoints, busy, news, take, rewind } = useCheckpoints();
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector('button')?.focus();
    const onKey = (e: KeyboardEvent): void => {
      // Esc closes the menu before it would leave the presentation.
      if (e.key === 'Escape') {
        e.stopPropagation();
        setOpen(false);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open]);

  return (
    <div className="presenter-checkpoints">
      <CheckpointNewsLine busy={busy} news={news} />
      <button type="button" onClick={() => void take()} disabled={busy !== null} title="Save every running VM and the simulator's runs, to rewind to later">
        ⚑ {UI.checkpoints.markCheckpoint}
      </button>
      <button
        type="button"
        onClick={() => setOpen(!open)}
        disabled={busy !== null || checkpoints.length === 0}
        aria-expanded={open}
        aria-haspopup="menu"
        title={checkpoints.length === 0 ? 'No checkpoint yet' : 'Go back to a checkpoint'}
      >
        ⟲ {UI.checkpoints.rewind} ▾
      </button>
      {open && (
        <div className="rewind-menu" role="menu" aria-label="Rewind to" ref={menu}>
          {[...checkpoints].reverse().map((c) => (
            <button
              key={c.id}
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                void rewind(c.id);
              }}
            >
              {c.name}
              <span className="muted">
                {new Date(c.takenAt).toLocaleTimeString()} · {checkpointSummary(c)}
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
