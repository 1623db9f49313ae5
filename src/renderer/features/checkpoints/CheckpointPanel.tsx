import { UI } from '../../../core/ui/uiLabels';
import { checkpointSummary, useCheckpoints } from './useCheckpoints';
import './checkpoints.css';

/**
 * The Machines view's checkpoints: take one (every running VM and the simulator's runs
 * together), and for each kept one, Rewind and Delete. Checkpoints live under
 * STRATA_HOME, so those of an earlier run of Strata are listed too.
 */
export function CheckpointPanel() {
  const { checkpoints, busy, news, take, rewind, remove } = useCheckpoints();
  return (
    <section className="checkpoint-panel" aria-label="Checkpoints">
      <div className="checkpoint-head">
        <h3>Checkpoints</h3>
        <button
          type="button"
          onClick={() => void take()}
          disabled={busy !== null}
          title="Save every running VM and the simulator's runs together, to rewind to later"
        >
          ⚑ {UI.checkpoints.markCheckpoint}
        </button>
      </div>
      <CheckpointNewsLine busy={busy} news={news} />
      {checkpoints.length === 0 ? (
        <p className="checkpoint-empty">None yet. A checkpoint keeps every running VM and the builder's run, to come back to in one click.</p>
      ) : (
        <ol className="checkpoint-list">
          {[...checkpoints].reverse().map((c) => (
            <li key={c.id} className="checkpoint-item">
              <span className="checkpoint-name">{c.name}</span>
              <span className="checkpoint-meta">
                {new Date(c.takenAt).toLocaleTimeString()} · {checkpointSummary(c)}
              </span>
              <span className="checkpoint-actions">
                <button type="button" onClick={() => void rewind(c.id)} disabled={busy !== null} aria-label={`${UI.checkpoints.rewind} to ${c.name}`}>
                  ⟲ {UI.checkpoints.rewind}
                </button>
                <button
                  type="button"
                  className="danger-text"
                  onClick={() => void remove(c.id)}
                  disabled={busy !== null}
                  aria-label={`${UI.checkpoints.delete} ${c.name}`}
                >
                  {UI.checkpoints.delete}
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** What the last checkpoint action did (or is doing), announced to screen readers too. */
export function CheckpointNewsLine({ busy, news }: { busy: string | null; news: { kind: string; message: string } | null }) {
  if (!busy && !news) return null;
  const text = busy ? `${busy}…` : news?.message;
  return (
    <p className={`checkpoint-news${!busy && news?.kind === 'failed' ? ' error-text' : ''}`} role="status" data-testid="checkpoint-news" title={text}>
      {text}
    </p>
  );
}
