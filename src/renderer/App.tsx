import { useEffect, useState } from 'react';
import { keepBuilderDraft } from './features/builder/state/builderDraft';
import { AppShell } from './features/shell/AppShell';
import { onPageLeave } from './features/shell/pageLeave';
import { StrataLogo } from './features/shell/icons';
import { useStrata } from './store/store';
import { connect } from './transport/connect';

/** Connects to the backend once, then shows the shell; a failed start says why. */
export function App() {
  const connected = useStrata((s) => s.connected);
  const disconnected = useStrata((s) => s.disconnected);
  const loadLessons = useStrata((s) => s.loadLessons);
  const status = useStrata((s) => s.connection.status);
  const [startError, setStartError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    connect()
      .then(async (api) => {
        const info = await api.call('app.info', {});
        if (cancelled) return;
        api.onConnectionChange((state) => {
          if (!state.connected) return disconnected(state.reason);
          connected(api, info);
          // A list that failed while the connection was down is asked for again.
          if (useStrata.getState().lessonsStatus === 'error') void loadLessons();
        });
        connected(api, info);
        // The Builder's draft comes back beside the lesson list, not before it; a draft that
        // cannot be read leaves the Builder on a new stack rather than the app unstarted.
        void keepBuilderDraft(api).then(
          (flushDraft) => {
            onPageLeave(() => void flushDraft());
          },
          (err: Error) => console.warn(`The Builder's autosaved stack could not be restored: ${err.message}`),
        );
        await loadLessons();
      })
      .catch((err: Error) => setStartError(err.message));
    return () => {
      cancelled = true;
    };
  }, [connected, disconnected, loadLessons]);

  if (startError) {
    return (
      <div className="splash">
        <StrataLogo size={48} />
        <h1>Strata could not start</h1>
        <p>{startError}</p>
      </div>
    );
  }
  if (status === 'connecting') {
    return (
      <div className="splash">
        <StrataLogo size={48} />
        <p>Connecting to Strata…</p>
      </div>
    );
  }
  return <AppShell />;
}
