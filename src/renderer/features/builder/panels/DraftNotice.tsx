import { useStrata } from '../../../store/store';

/**
 * Tells the student that the Builder's autosaved stack could not be read, so the Builder
 * started from a new one, and where the unreadable copy was kept (a teacher can look at
 * it, or take the stack back from it by hand).
 */
export function DraftNotice() {
  const recovered = useStrata((s) => s.builderDraftRecovered);
  const dismiss = useStrata((s) => s.dismissBuilderDraftNotice);
  if (!recovered) return null;
  return (
    <div className="builder-notice" role="alert" aria-label="Earlier stack not restored">
      <div>
        <p>
          Your earlier Builder stack could not be read, so the Builder starts from a new one. The unreadable copy is kept at <code>{recovered.movedTo}</code>.
        </p>
        <p className="builder-notice-detail">{recovered.reason}</p>
      </div>
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
