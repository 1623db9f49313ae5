import { useReactFlow } from '@xyflow/react';
import type { ReactNode, RefObject } from 'react';
import { ExportMenu } from './ExportMenu';
import { PresetMenu } from './PresetMenu';
import { useBuilder } from '../state/useBuilder';
import { useBuilderStore } from '../state/useBuilderStore';
import { WorkspaceFiles } from './WorkspaceFiles';
import { FIT_STACK } from '../canvas/useFitView';

/**
 * The builder's commands. The full toolbar has presets, files and export; the compact one
 * (embedded in a lesson) keeps editing and view commands. `run` holds the Run controls.
 */
export function BuilderToolbar({
  compact,
  readOnly,
  root,
  run,
}: {
  compact: boolean;
  readOnly: boolean;
  root: RefObject<HTMLElement | null>;
  run?: ReactNode;
}) {
  const store = useBuilderStore();
  const flow = useReactFlow();
  const canUndo = useBuilder((s) => s.builderDoc.past.length > 0);
  const canRedo = useBuilder((s) => s.builderDoc.future.length > 0);
  const selected = useBuilder((s) => s.builderSelection.length);
  const name = useBuilder((s) => s.builderDoc.stack.name);
  const s = store.getState();
  return (
    <div className="builder-toolbar" role="toolbar" aria-label="Builder">
      {!compact && (
        <span className="stack-name" title={name}>
          {name}
        </span>
      )}
      {!compact && !readOnly && <PresetMenu />}
      {!compact && !readOnly && <WorkspaceFiles />}
      {!readOnly && (
        <div className="toolbar-group">
          <button type="button" className="icon-text" onClick={() => s.builderUndo()} disabled={!canUndo} title="Undo (Ctrl+Z)" aria-label="Undo">
            ↶
          </button>
          <button type="button" className="icon-text" onClick={() => s.builderRedo()} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">
            ↷
          </button>
        </div>
      )}
      {!readOnly && (
        <div className="toolbar-group">
          <button
            type="button"
            onClick={() => s.builderJoinSelection('ssi')}
            disabled={selected < 2}
            title="Join the selected layers into a single system image"
            aria-label="Join into SSI"
          >
            Join SSI
          </button>
        </div>
      )}
      <div className="toolbar-group">
        <button type="button" onClick={() => s.builderResetLayout()} title="Put every layer back in the automatic layout">
          Tidy
        </button>
        <button type="button" onClick={() => void flow.fitView(FIT_STACK)} title="Zoom to fit (F)">
          Fit
        </button>
      </div>
      {!compact && <ExportMenu canvas={root} />}
      <span className="toolbar-spacer" />
      {run}
    </div>
  );
}
