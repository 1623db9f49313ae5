import { useState } from 'react';
import type { SavedStackInfo } from '../../../../api/workspaceApi';
import { useStrata } from '../../../store/store';
import { useBuilder } from '../state/useBuilder';
import { useBuilderStore } from '../state/useBuilderStore';

/**
 * Open and Save of `.stack.yaml` files in the student's workspace, through the backend
 * (`workspace.stacks.*`): the same in web mode and in Electron.
 */
export function WorkspaceFiles() {
  const api = useStrata((s) => s.api);
  const store = useBuilderStore();
  const file = useBuilder((s) => s.builderFile);
  const stackName = useBuilder((s) => s.builderDoc.stack.name);
  const [open, setOpen] = useState<'open' | 'save' | null>(null);
  const [saved, setSaved] = useState<SavedStackInfo[] | null>(null);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const showOpen = async (): Promise<void> => {
    if (!api) return;
    setMessage(null);
    setOpen(open === 'open' ? null : 'open');
    setSaved(null);
    try {
      setSaved(await api.call('workspace.stacks.list', {}));
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  const openStack = async (stack: string): Promise<void> => {
    if (!api) return;
    try {
      const { text } = await api.call('workspace.stacks.read', { name: stack });
      store.getState().builderLoad(text, stack);
      setOpen(null);
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  const save = async (as: string): Promise<void> => {
    if (!api) return;
    try {
      await api.call('workspace.stacks.write', { name: as, text: store.getState().builderDoc.text, overwrite: true });
      store.getState().builderSetFile(as);
      setMessage(`Saved ${as}.stack.yaml`);
      setOpen(null);
    } catch (err) {
      setMessage((err as Error).message);
      setOpen('save');
    }
  };

  return (
    <div className="toolbar-group workspace-files">
      <button type="button" onClick={() => void showOpen()} disabled={!api} aria-expanded={open === 'open'}>
        Open…
      </button>
      <button
        type="button"
        onClick={() => {
          if (file) void save(file);
          else {
            setName(stackName.replace(/[^A-Za-z0-9 ._-]/g, '').slice(0, 80));
            setOpen('save');
          }
        }}
        disabled={!api}
        title={file ? `Save to ${file}.stack.yaml` : 'Save to the workspace'}
      >
        Save
      </button>
      {open === 'open' && (
        <div className="dropdown" role="dialog" aria-label="Open a saved stack">
          <div className="menu-section">Saved stacks</div>
          {saved === null && !message && <p className="muted">Loading…</p>}
          {saved?.length === 0 && <p className="muted">Nothing saved yet.</p>}
          {saved?.map((s) => (
            <button key={s.name} type="button" className="dropdown-item" onClick={() => void openStack(s.name)}>
              {s.name}
              <span className="muted">{new Date(s.modifiedAt).toLocaleString()}</span>
            </button>
          ))}
          {message && <p className="error-text">{message}</p>}
        </div>
      )}
      {open === 'save' && (
        <form
          className="dropdown"
          aria-label="Save the stack"
          onSubmit={(e) => {
            e.preventDefault();
            void save(name.trim());
          }}
        >
          <label htmlFor="save-name">Save as</label>
          <input id="save-name" autoFocus value={name} onChange={(e) => setName(e.target.value)} />
          <span className="muted small">.stack.yaml in your workspace</span>
          {message && <p className="error-text">{message}</p>}
          <div className="dropdown-actions">
            <button type="button" onClick={() => setOpen(null)}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={name.trim() === ''}>
              Save
            </button>
          </div>
        </form>
      )}
      {message && open === null && <span className="toolbar-message">{message}</span>}
    </div>
  );
}
