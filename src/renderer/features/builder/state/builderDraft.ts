import type { BuilderDraft } from '../../../../api/workspaceApi';
import { createAutosave } from '../../notebook/work/autosave';
import type { ApiClient } from '../../../transport/protocolClient';
import { useStrata } from '../../../store/store';

/**
 * Keeps the Builder place's stack in the workspace as the student edits it, saved to a
 * file or not, as an editor's hot exit does: a reload, a second start or a killed app
 * opens the Builder where the student left it. A draft that could not be read was moved
 * aside by the backend; the Builder says so (DraftNotice). Started once the API is
 * connected; returns what saves the last change now (the page is going away).
 */
export async function keepBuilderDraft(api: ApiClient): Promise<() => Promise<void>> {
  const untouched = useStrata.getState().builderDoc;
  const { draft, recovered } = await api.call('workspace.builderDraft.get', {});
  if (recovered) useStrata.setState({ builderDraftRecovered: recovered });
  // A stack the student opened meanwhile (a lesson's "open in the builder") wins over the draft.
  if (draft && useStrata.getState().builderDoc === untouched) useStrata.getState().builderLoad(draft.text, draft.file);

  const autosave = createAutosave<BuilderDraft>(
    async (value) => {
      await api.call('workspace.builderDraft.put', value);
    },
    { delayMs: 300, maxWaitMs: 2000, retryMs: 2000 },
  );
  useStrata.subscribe((state, previous) => {
    if (state.builderDoc.text !== previous.builderDoc.text || state.builderFile !== previous.builderFile)
      autosave.schedule({ text: state.builderDoc.text, file: state.builderFile });
  });
  return () => autosave.flush();
}
