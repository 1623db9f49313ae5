import { useStrata } from '../../store/store';

/** Bottom line: which transport is in use and whether the backend is reachable. */
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
      <span className="status-item">{info ? `Strata ${info.version}` : ''}</span>
    </footer>
  );
}
