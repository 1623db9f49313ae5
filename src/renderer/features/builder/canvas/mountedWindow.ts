import { useStoreApi, type Edge } from '@xyflow/react';
import { useEffect, useState } from 'react';
import type { LayerFlowNode } from '../model/stackToFlow';

/** A rectangle of the canvas in flow coordinates. */
export interface FlowRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How far past the screen layers stay mounted, as a share of the screen's size on each side. */
const MARGIN = 0.5;
/** How long after a jump (a stack opened, a fit, a zoom out) the margin is mounted: the screen's own layers are drawn first. */
const MARGIN_AFTER_MS = 150;

/**
 * The part of the canvas whose layers are mounted, on a large stack: the screen and half a
 * screen around it, as of when the screen last left it. xyflow's own culling
 * (onlyRenderVisibleElements) mounts and unmounts layers at every frame of a pan, and
 * each layer it mounts it measures and stores again, so a pan of a zoomed-out stack spent
 * most of its frames doing that. Here a pan within the margin changes nothing; the window
 * moves when the screen leaves it, or shrinks when zooming in left it much larger than
 * the screen. After a jump the screen alone is mounted at first, so that a stack just
 * opened shows as soon as its visible layers are drawn. Until the canvas has a size, the
 * window is empty.
 */
export function useMountedWindow(): FlowRect {
  const store = useStoreApi();
  const [mounted, setMounted] = useState(() => windowAround(store.getState()));
  useEffect(() => {
    let current = windowAround(store.getState());
    let later: ReturnType<typeof setTimeout> | undefined;
    const mount = (window: FlowRect): void => {
      current = window;
      setMounted(window);
    };
    mount(current);
    const unsubscribe = store.subscribe((state) => {
      const screen = screenOf(state);
      if (contains(current, screen) && current.width <= 2 * grown(screen).width) return;
      clearTimeout(later);
      const jump = !overlaps(current, screen) || screen.width > current.width;
      if (!jump) return mount(windowAround(state));
      mount(state.width > 0 && state.height > 0 ? screen : EMPTY);
      later = setTimeout(() => mount(windowAround(store.getState())), MARGIN_AFTER_MS);
    });
    return () => {
      clearTimeout(later);
      unsubscribe();
    };
  }, [store]);
  return mounted;
}

const EMPTY: FlowRect = { x: 0, y: 0, width: 0, height: 0 };

interface ViewState {
  transform: [number, number, number];
  width: number;
  height: number;
}

function screenOf({ transform: [x, y, zoom], width, height }: ViewState): FlowRect {
  return { x: -x / zoom, y: -y / zoom, width: width / zoom, height: height / zoom };
}

function grown(r: FlowRect): FlowRect {
  return { x: r.x - r.width * MARGIN, y: r.y - r.height * MARGIN, width: r.width * (1 + 2 * MARGIN), height: r.height * (1 + 2 * MARGIN) };
}

function windowAround(state: ViewState): FlowRect {
  return state.width > 0 && state.height > 0 ? grown(screenOf(state)) : EMPTY;
}

function contains(outer: FlowRect, inner: FlowRect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

function overlaps(a: FlowRect, b: FlowRect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The same node hidden, one object per node, so that a layer hidden again is the node xyflow already has. */
const hiddenCopies = new WeakMap<LayerFlowNode, LayerFlowNode>();

function hidden(node: LayerFlowNode): LayerFlowNode {
  let copy = hiddenCopies.get(node);
  if (!copy) hiddenCopies.set(node, (copy = { ...node, hidden: true }));
  return copy;
}

/**
 * The canvas's nodes and edges with only what meets `window` mounted. Layers outside it
 * stay in xyflow's store, hidden, so that fit and the zoom buttons still see the whole
 * stack; a connector is kept where the box spanning its two layers meets the window.
 */
export function cullToWindow(nodes: readonly LayerFlowNode[], edges: readonly Edge[], window: FlowRect): { nodes: LayerFlowNode[]; edges: Edge[] } {
  const boxes = new Map<string, FlowRect>();
  const culled = nodes.map((node) => {
    const box = { x: node.position.x, y: node.position.y, width: node.width ?? 0, height: node.height ?? 0 };
    boxes.set(node.id, box);
    return overlaps(box, window) ? node : hidden(node);
  });
  const shown = edges.filter((edge) => {
    const a = boxes.get(edge.source);
    const b = boxes.get(edge.target);
    if (!a || !b) return false;
    const x = Math.min(a.x, b.x);
    const y = Math.min(a.y, b.y);
    return overlaps({ x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y }, window);
  });
  return { nodes: culled, edges: shown };
}
