import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Node,
  type NodeChange,
  type NodeMouseHandler,
  type OnNodeDrag,
  type Viewport,
} from '@xyflow/react';
import { useCallback, useMemo, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { dropLayerOnto, dropPaletteItem } from '../model/canvasActions';
import { paletteItem } from '../model/layerCatalog';
import { LAYER_HEIGHT, LAYER_WIDTH, layoutStack } from '../model/stackLayout';
import { standsOn } from '../model/stackEdits';
import { layerAt, stackToFlow, type LayerFlowNode } from '../model/stackToFlow';
import { liveStateAt } from '../run/liveState';
import { LayerContextMenu, type MenuAnchor } from './LayerContextMenu';
import { LayerNode } from './LayerNode';
import { cullToWindow, useMountedWindow } from './mountedWindow';
import { PALETTE_MIME } from './Palette';
import { useBuilder } from '../state/useBuilder';
import { useBuilderStore } from '../state/useBuilderStore';
import { useCanvasShortcuts } from './useCanvasShortcuts';
import { FIT_STACK, useFitView } from './useFitView';
import { useStackCheck } from '../state/useStackCheck';

const nodeTypes = { layer: LayerNode };
/**
 * Past this many layers, only what is on screen and around it is mounted (mountedWindow.ts),
 * and there is no minimap: xyflow's minimap draws every layer and re-reads each one from
 * its store at every frame of a pan. Fit and the zoom buttons stay.
 */
const LARGE_ABOVE = 300;
/** Below this zoom a layer's text is too small to read: layers are drawn as coloured boxes only, which paints far faster. */
const DETAIL_ZOOM = 0.35;

/**
 * The canvas: the stack drawn bottom-up. Layers come from the palette by drag and drop,
 * stand on the layer they are dropped onto, and can be dragged onto another layer to stand
 * there instead, or anywhere to sit where the student wants them.
 */
export function BuilderCanvas({ readOnly = false }: { readOnly?: boolean }) {
  const store = useBuilderStore();
  const stack = useBuilder((s) => s.builderDoc.stack);
  const analysed = useBuilder((s) => s.builderDoc.analysed >= 0);
  // What a real run would make of each layer: decided in the check worker with the rest of the analysis.
  const real = useBuilder((s) => s.builderDoc.real);
  const selection = useBuilder((s) => s.builderSelection);
  const moved = useBuilder((s) => s.builderMoved);
  const run = useBuilder((s) => s.builderRun);
  const time = useBuilder((s) => s.builderTime);
  const check = useStackCheck();
  const flow = useReactFlow<LayerFlowNode>();
  const wrapper = useRef<HTMLDivElement>(null);
  const [menu, setMenu] = useState<MenuAnchor | null>(null);
  // xyflow listens for its pan key on the whole window and swallows Space unless the target
  // is an input it knows, which Monaco's EditContext is not: arm it only while the canvas has the focus.
  const [focused, setFocused] = useState(false);
  useCanvasShortcuts(wrapper, readOnly, () => void flow.fitView(FIT_STACK));
  useFitView(wrapper);

  const layout = useMemo(() => layoutStack(stack), [stack]);
  const live = useMemo(() => (run.status === 'done' ? liveStateAt(run.result, time) : undefined), [run, time]);
  const selected = useMemo(() => new Set(selection), [selection]);
  const { nodes, edges } = useMemo(
    () => stackToFlow(layout, { classes: check.classes, findings: check.findings, selected, moved, real, ...(live ? { live } : {}) }),
    [layout, check, selected, moved, real, live],
  );

  const large = nodes.length > LARGE_ABOVE;
  const mounted = useMountedWindow();
  const shown = useMemo(() => (large ? cullToWindow(nodes, edges, mounted) : { nodes, edges }), [large, nodes, edges, mounted]);

  const onNodesChange = useCallback(
    (changes: NodeChange<LayerFlowNode>[]) => {
      const state = store.getState();
      let next: Set<string> | null = null;
      for (const change of changes) {
        if (change.type === 'select') {
          next ??= new Set(state.builderSelection);
          const id = layout.layers.get(change.id)?.id ?? change.id;
          if (change.selected) next.add(id);
          else next.delete(id);
        } else if (change.type === 'position' && change.position && !readOnly) {
          state.builderMove(change.id, change.position);
        }
      }
      if (next) state.builderSelect([...next]);
    },
    [store, layout, readOnly],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const item = paletteItem(event.dataTransfer.getData(PALETTE_MIME));
      if (!item || readOnly) return;
      event.preventDefault();
      const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const state = store.getState();
      const target = layerAt(layout, state.builderMoved, point);
      let id = '';
      state.builderEdit((s) => {
        const dropped = dropPaletteItem(s, item, target);
        id = dropped.id;
        return dropped.stack;
      });
      state.builderSelect([id]);
      // A layer dropped on empty canvas waits where it was dropped until it is placed; nodes join the bottom row.
      if (target === undefined && item.kind !== 'node') state.builderMove(id, { x: point.x - LAYER_WIDTH / 2, y: point.y - LAYER_HEIGHT / 2 });
    },
    [flow, layout, store, readOnly],
  );

  const onNodeDragStop: OnNodeDrag<LayerFlowNode> = useCallback(
    (event, node, dragged) => {
      if (readOnly || dragged.length > 1) return;
      const id = node.data.layer.id;
      const state = store.getState();
      const pointer = 'changedTouches' in event ? event.changedTouches[0] : event;
      if (!pointer) return;
      const point = flow.screenToFlowPosition({ x: pointer.clientX, y: pointer.clientY });
      const current = state.builderDoc.stack;
      const dependants = new Set(layout.keys.filter((k) => standsOn(current, layout.layers.get(k)?.id ?? k, id)));
      const target = layerAt(layout, state.builderMoved, point, dependants);
      if (target === undefined) return;
      const next = dropLayerOnto(current, id, target);
      if (next === current) return;
      state.builderEdit(() => next, [id]);
      state.builderResetLayout([node.id]);
    },
    [flow, layout, store, readOnly],
  );

  const onNodeContextMenu: NodeMouseHandler<LayerFlowNode> = useCallback(
    (event, node) => {
      event.preventDefault();
      const state = store.getState();
      const id = node.data.layer.id;
      if (!state.builderSelection.includes(id)) state.builderSelect([id]);
      setMenu(anchorIn(wrapper.current, event, id));
    },
    [store],
  );

  const onPaneContextMenu = useCallback((event: ReactMouseEvent | MouseEvent) => {
    event.preventDefault();
    setMenu(anchorIn(wrapper.current, event, null));
  }, []);

  // Set on the canvas element itself, not through React state: a pan or zoom changes them at every frame.
  const dragging = useRef(false);
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    setMenu(null);
    wrapper.current?.classList.add('moving');
    // A drag, not the wheel (whose events must keep reaching xyflow's pane) nor fit or the zoom buttons.
    dragging.current = event !== null && event.type !== 'wheel';
  }, []);
  const onMove = useCallback((_: unknown, viewport: Viewport) => {
    const canvas = wrapper.current;
    canvas?.classList.toggle('zoomed-out', viewport.zoom < DETAIL_ZOOM);
    // Raised once the drag moves, so that a click without a drag still reaches the pane; see .pan-shield.
    if (dragging.current) canvas?.classList.add('panning');
  }, []);
  const onMoveEnd = useCallback(() => {
    dragging.current = false;
    wrapper.current?.classList.remove('moving', 'panning');
  }, []);

  const onPaneClick = useCallback(() => {
    setMenu(null);
    store.getState().builderSelect([]);
  }, [store]);

  return (
    <div
      className="builder-canvas"
      ref={wrapper}
      tabIndex={0}
      data-testid="builder-canvas"
      aria-label="Stack canvas"
      onFocus={() => setFocused(true)}
      onBlur={(e) => setFocused(e.currentTarget.contains(e.relatedTarget))}
    >
      <ReactFlow<LayerFlowNode>
        nodes={shown.nodes}
        edges={shown.edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onDrop={onDrop}
        onDragOver={onDragOver}
        onNodeDragStop={onNodeDragStop}
        onNodeContextMenu={readOnly ? undefined : onNodeContextMenu}
        onPaneContextMenu={readOnly ? undefined : onPaneContextMenu}
        onPaneClick={onPaneClick}
        onMoveStart={onMoveStart}
        onMove={onMove}
        onMoveEnd={onMoveEnd}
        onInit={(instance) => wrapper.current?.classList.toggle('zoomed-out', instance.getZoom() < DETAIL_ZOOM)}
        nodesDraggable={!readOnly}
        nodesConnectable={false}
        edgesFocusable={false}
        deleteKeyCode={null}
        panActivationKeyCode={focused ? 'Space' : null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Control', 'Meta']}
        minZoom={0.05}
        maxZoom={2.5}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} />
        <Controls showInteractive={false} position="bottom-left" fitViewOptions={FIT_STACK} />
        {!large && (
          <MiniMap
            pannable
            zoomable
            style={{ width: 150, height: 96 }}
            position="bottom-right"
            nodeClassName={(n: Node) => `cls-${(n as LayerFlowNode).data.cls}`}
            nodeBorderRadius={4}
          />
        )}
      </ReactFlow>
      <div className="pan-shield" aria-hidden="true" />
      {stack.layers.length === 0 && analysed && (
        <div className="canvas-hint">
          <strong>Drag a Node from the palette to start.</strong>
          <span>Then drop each layer onto the one it runs on.</span>
        </div>
      )}
      {menu && <LayerContextMenu anchor={menu} onClose={() => setMenu(null)} />}
    </div>
  );
}

function anchorIn(container: HTMLElement | null, event: { clientX: number; clientY: number }, layerId: string | null): MenuAnchor {
  const rect = container?.getBoundingClientRect();
  return { x: event.clientX - (rect?.left ?? 0), y: event.clientY - (rect?.top ?? 0), layerId };
}
