import { useStrata } from '../../store/store';
import { UI } from '../../../core/ui/uiLabels';
import { isRealRunGoing, realRunTitle } from '../realrun/realRunSlice';

/** Bottom line: which transport is in use, whether the backend is reachable, and the real runs under way. */
export function StatusBar() {
  const connection = useStrata((s) => s.connection);
  const info = useStrata((s) => s.appInfo);
  const lessons = useStrata((s) => s.lessons);
  const ok = lessons.filter((l) => l.status === 'ok').length;
  return (
    <footer className={`status-bar ${connection.status}`}>
      <span className="status-item" data-testid="connection-status">
        <span className="status-dot" />
        {connection.status === 'connected'
          ? info?.mode === 'electron'
            ? 'Desktop app'
            : 'Web mode · 127.0.0.1'
          : connection.status === 'connecting'
            ? 'Connecting…'
            : `Disconnected: ${connection.error ?? ''}`}
      </span>
      <span className="status-item">{lessons.length > 0 ? `${ok} lessons` : ''}</span>
      <span className="status-spacer" />
      <RealRunItems />
      <span className="status-item">{info ? `Strata ${info.version}` : ''}</span>
    </footer>
  );
}

/**
 * One item per real run still going, wherever the student is: what it is doing, a click
 * to its panel, and Stop.
 */
function RealRunItems() {
  const realRuns = useStrata((s) => s.realRuns);
  const goTo = useStrata((s) => s.goTo);
  const stop = useStrata((s) => s.stopRealRun);
  return Object.entries(realRuns)
    .filter(([, run]) => isRealRunGoing(run.state))
    .map(([owner, run]) => (
      <span key={owner} className="status-item real-run-status" data-testid="real-run-status">
        <button type="button" className="status-link" title={`Show the real run (${run.label})`} onClick={() => goTo(run.place, run.cell)}>
          {realRunTitle(run.state)} · {run.label}
        </button>
        <button type="button" className="status-link" onClick={() => stop(owner)}>
          {UI.realRun.stop}
        </button>
      </span>
    ));
}
