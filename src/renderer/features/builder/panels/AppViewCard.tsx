import { formatMiB } from '../model/layerCatalog';
import { useStackCheck } from '../state/useStackCheck';

/** What an app sees of the machine below it: CPUs, memory, kernel, neighbours and failure domains. */
export function AppViewCard({ appId }: { appId: string }) {
  const view = useStackCheck().views[appId];
  return (
    <div className="app-view-card" role="tooltip" data-testid="app-view">
      <div className="app-view-title">What {appId} sees</div>
      {view ? (
        <dl>
          <dt>CPUs</dt>
          <dd>{view.cpus}</dd>
          <dt>Memory</dt>
          <dd>{formatMiB(view.memoryMiB)}</dd>
          <dt>Architecture</dt>
          <dd>{view.arch}</dd>
          <dt>Kernel</dt>
          <dd>{view.kernel ?? 'none: it cannot run'}</dd>
          <dt>Shares it with</dt>
          <dd>{view.sharesKernelWith.length > 0 ? view.sharesKernelWith.join(', ') : 'no other app'}</dd>
          <dt>Fails with</dt>
          <dd>{view.failureDomains.length > 0 ? view.failureDomains.join(', ') : 'no node'}</dd>
        </dl>
      ) : (
        <p className="muted">Place it on an OS, an SSI or a container to see what it runs on.</p>
      )}
    </div>
  );
}
