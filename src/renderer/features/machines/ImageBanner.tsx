import { useStrata } from '../../store/store';

/**
 * Says where the guest image stands before the first boot: built from Debian packages
 * on first use, with progress, or — when a tool is missing — the exact command to run.
 */
export function ImageBanner({ onOpenDoctor }: { onOpenDoctor: () => void }) {
  const status = useStrata((s) => s.imageStatus);
  const progress = useStrata((s) => s.imageProgress);
  const busy = useStrata((s) => s.busy.image);
  const buildImage = useStrata((s) => s.buildImage);
  if (!status) return null;
  if (status.state === 'unavailable') {
    return (
      <div className="banner error" role="alert">
        <strong>Real VMs are not available on this machine.</strong> {status.message}
        {status.missing?.map((m) => (
          <div key={m.tool} className="banner-command">
            {m.tool} is missing: <code>{m.install}</code>
          </div>
        ))}
        <div className="banner-note">
          Lessons, the builder and the simulator work without them.{' '}
          <button type="button" onClick={onOpenDoctor}>
            Ask the doctor
          </button>
        </div>
      </div>
    );
  }
  if (status.state === 'building' || busy) {
    const pct = progress && progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : null;
    return (
      <div className="banner">
        <strong>Building the guest image…</strong> {progress?.message}
        {progress?.bytes && ` (${megabytes(progress.bytes.received)} of ${megabytes(progress.bytes.total)} MB)`}
        {pct !== null && (
          <div className="progress" aria-label="Image build progress">
            <div style={{ width: `${pct}%` }} />
          </div>
        )}
      </div>
    );
  }
  if (status.state === 'missing') {
    return (
      <div className="banner">
        The guest image (Debian's cloud kernel and a busybox initramfs) is built on the first boot, without installing anything on this machine.{' '}
        <button type="button" onClick={() => void buildImage(false)}>
          Build it now
        </button>
      </div>
    );
  }
  return null;
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
