import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { dropPaletteItem } from '../model/canvasActions';
import { paletteItem } from '../model/layerCatalog';
import { scenarioActionsFor } from '../model/scenarioActions';
import type { BuilderSlice } from '../state/builderSlice';
import { appendScenarioStep } from '../model/stackEdits';
import { useBuilder } from '../state/useBuilder';
import { useBuilderStore } from '../state/useBuilderStore';
import { FIT_STACK } from './useFitView';

/** Where a context menu opens, in the canvas's pixels, and for which layer (null: the empty canvas). */
export interface MenuAnchor {
  x: number;
  y: number;
  layerId: string | null;
}

/** When a scenario action happens if no run has been scrubbed into. */
const DEFAULT_ACTION_TIME_S = 10;

/**
 * A layer's context menu: scenario actions at the scrubbed time (migrate, suspend, fail,
 * add a node ...), joining the selection into an SSI or vSMP, copy, paste and delete. On
 * the empty canvas: add a node, paste, tidy the layout.
 */
export function LayerContextMenu({ anchor, onClose }: { anchor: MenuAnchor; onClose: () => void }) {
  const store = useBuilderStore();
  const stack = useBuilder((s) => s.builderDoc.stack);
  const selection = useBuilder((s) => s.builderSelection);
  const time = useBuilder((s) => s.builderTime);
  const duration = useBuilder((s) => (s.builderRun.status === 'done' ? s.builderRun.durationS : 0));
  const hasClipboard = useBuilder((s) => s.builderClipboard.length > 0);
  const flow = useReactFlow();
  const menu = useRef<HTMLDivElement>(null);
  // The scrubbed time, unless the timeline rests at either end of a run (nothing happens after it).
  const at = Math.round(time) > 0 && time < duration ? Math.round(time) : DEFAULT_ACTION_TIME_S;

  useEffect(() => {
    menu.current?.querySelector('button')?.focus();
    const close = (e: PointerEvent | KeyboardEvent): void => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !menu.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener('pointerdown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('pointerdown', close);
      window.removeEventListener('keydown', close);
    };
  }, [onClose]);

  const act = (fn: () => void) => () => {
    fn();
    onClose();
  };
  const s = store.getState();
  const selectedNodes = selection.filter((id) => stack.layers.find((l) => l.id === id)?.kind === 'node');
  const actions = anchor.layerId ? scenarioActionsFor(stack, anchor.layerId, at) : [];

  return (
    <div
      className="context-menu"
      ref={menu}
      role="menu"
      style={{ left: anchor.x, top: anchor.y }}
      aria-label={anchor.layerId ? `Actions for ${anchor.layerId}` : 'Canvas actions'}
    >
      {anchor.layerId ? (
        <>
          <div className="menu-title">{anchor.layerId}</div>
          {actions.length > 0 && <div className="menu-section">Scenario at t = {at} s</div>}
          {actions.map((a) => (
            <button key={a.label} role="menuitem" onClick={act(() => s.builderEdit((st) => appendScenarioStep(st, a.step)))}>
              {a.label}
            </button>
          ))}
          {actions.length > 0 && <hr />}
          {selection.length >= 2 && (
            <button role="menuitem" onClick={act(() => s.builderJoinSelection('ssi'))}>
              Join {selection.length} layers into an SSI
            </button>
          )}
          {selectedNodes.length >= 2 && selectedNodes.length === selection.length && (
            <button role="menuitem" onClick={act(() => s.builderJoinSelection('vsmp'))}>
              Join {selection.length} nodes into a vSMP machine
            </button>
          )}
          <button role="menuitem" onClick={act(() => s.builderCopy())}>
            Copy <kbd>Ctrl+C</kbd>
          </button>
          <button role="menuitem" onClick={act(() => s.builderResetLayout(selection))}>
            Put back in the layout
          </button>
          <button role="menuitem" className="danger" onClick={act(() => s.builderDeleteSelection())}>
            Delete <kbd>Del</kbd>
          </button>
        </>
      ) : (
        <>
          <button role="menuitem" onClick={act(() => addNode(store.getState()))}>
            Add a node
          </button>
          <button role="menuitem" disabled={!hasClipboard} onClick={act(() => s.builderPaste())}>
            Paste <kbd>Ctrl+V</kbd>
          </button>
          <button role="menuitem" onClick={act(() => s.builderResetLayout())}>
            Tidy the layout
          </button>
          <button role="menuitem" onClick={act(() => void flow.fitView(FIT_STACK))}>
            Zoom to fit <kbd>F</kbd>
          </button>
        </>
      )}
    </div>
  );
}

function addNode(state: BuilderSlice): void {
  const item = paletteItem('node');
  if (item) state.builderEdit((stack) => dropPaletteItem(stack, item, undefined).stack);
}
