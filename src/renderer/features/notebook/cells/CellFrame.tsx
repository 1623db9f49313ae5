import type { ReactNode } from 'react';
import { UI } from '../../../../core/ui/uiLabels';

export interface CellFrameProps {
  cellId: string;
  kind: string;
  /** Short words after the kind, e.g. "for one-node". */
  subtitle?: ReactNode;
  /** Where the cell stands: shown as a coloured pill. */
  status?: { tone: 'ok' | 'error' | 'warning' | 'running' | 'idle'; text: string };
  running?: boolean;
  onRun?: () => void;
  runLabel?: string;
  /** Shown when the student changed the cell; puts it back as the lesson ships it. */
  onReset?: () => void;
  actions?: ReactNode;
  children: ReactNode;
}

/**
 * The chrome of a live cell: its kind and id, a status pill, Run and Reset. The frame
 * is focusable, so Shift+Enter knows which cell to run.
 */
export function CellFrame({ cellId, kind, subtitle, status, running, onRun, runLabel = UI.cell.run, onReset, actions, children }: CellFrameProps) {
  return (
    <section id={`cell-${cellId}`} className={`cell cell-live cell-${kind}`} data-cell-id={cellId} tabIndex={-1} aria-label={`${kind} cell ${cellId}`}>
      <header className="cell-header">
        <span className={`cell-kind kind-${kind}`}>{kind}</span>
        <code className="cell-id">{cellId}</code>
        {subtitle && <span className="cell-subtitle">{subtitle}</span>}
        <span className="cell-header-spacer" />
        {status && (
          <span className={`cell-status tone-${status.tone}`} role="status">
            {status.text}
          </span>
        )}
        {actions}
        {onReset && (
          <button
            type="button"
            className="cell-button subtle"
            onClick={() => window.confirm(`Put ${cellId} back as the lesson ships it? Your edits, output and answer in this cell are forgotten.`) && onReset()}
            title="Put this cell back as the lesson ships it"
          >
            {UI.cell.reset}
          </button>
        )}
        {onRun && (
          <button type="button" className="cell-button primary" onClick={onRun} disabled={running} title="Run (Shift+Enter)">
            {running ? 'Running…' : `▶ ${runLabel}`}
          </button>
        )}
      </header>
      <div className="cell-body">{children}</div>
    </section>
  );
}
