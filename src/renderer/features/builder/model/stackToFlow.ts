import { Position, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import type { LayerRealization } from '../../../../core/real';
import { kindClass, type Finding, type Layer, type LayerClass, type Severity } from '../../../../core/stack';
import { isAggregate } from './layerCatalog';

import type { LayerBox, StackLayout } from './stackLayout';

/** What a run shows on a layer at the scrubbed time. */
export interface LiveLayerState {
  /** A node's CPU use, 0..1. */
  cpuUtil?: number;
  /** An app's progress, 0..1. */
  progress?: number;
  /** Set once the layer has failed, been killed or suspended by the scenario. */
  status?: 'failed' | 'killed' | 'suspended' | 'finished';
}

/** The data of one layer on the canvas; LayerNode renders it. */
export interface LayerNodeData extends Record<string, unknown> {
  layer: Layer;
  cls: LayerClass;
  /** An SSI or vSMP: drawn as a band across its members. */
  aggregate: boolean;
  counts: Record<Severity, number>;
  live?: LiveLayerState;
  /** Whether a real run would run it on this host, and the one sentence why. */
  real?: LayerRealization;
}

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;

/** What a canvas shows besides the stack's geometry. */
export interface FlowDecorations {
  classes: Readonly<Record<string, LayerClass>>;
  findings: readonly Finding[];
  selected: ReadonlySet<string>;
  /** Positions the student dragged layers to, by canvas key; they win over the layout. */
  moved: ReadonlyMap<string, { x: number; y: number }>;
  live?: ReadonlyMap<string, LiveLayerState>;
  /** What a real run would make of each layer (core/real's decisions). */
  real?: Readonly<Record<string, LayerRealization>>;
}

/** LayerNode's handles (6 px squares, `.layer-handle`), centred on its 1 px border: top (what stands on it) and bottom (what it stands on). */
const HANDLE = 6;
const BORDER = 1;

/**
 * The node's size and handles as the DOM would measure them, given up front: xyflow draws
 * every node it has not measured once, visible or not, so without them a 1,000-layer
 * stack mounted and measured all its layers at each open, edit and selection before
 * keeping those on screen.
 */
function measuredLayer(width: number, height: number): Pick<LayerFlowNode, 'measured' | 'handles'> {
  const x = width / 2 - HANDLE / 2;
  return {
    measured: { width, height },
    handles: [
      { type: 'source', position: Position.Top, x, y: BORDER - HANDLE / 2, width: HANDLE, height: HANDLE },
      { type: 'target', position: Position.Bottom, x, y: height - BORDER - HANDLE / 2, width: HANDLE, height: HANDLE },
    ] satisfies NodeHandle[],
  };
}

/** Where a canvas key's box is, after the student's own moves. */
export function placedBox(layout: StackLayout, moved: FlowDecorations['moved'], key: string): LayerBox | undefined {
  const box = layout.boxes.get(key);
  const at = moved.get(key);
  return box && at ? { ...box, x: at.x, y: at.y } : box;
}

/**
 * The canvas of a laid-out stack: one node per layer, and a connector from a layer to what
 * it stands on wherever the two boxes are not stacked straight on each other (after a
 * manual move, or between a band and a member off to its side).
 */
export function stackToFlow(layout: StackLayout, deco: FlowDecorations): { nodes: LayerFlowNode[]; edges: Edge[] } {
  const counts = new Map<string, Record<Severity, number>>();
  for (const f of deco.findings) {
    if (f.layer === undefined) continue;
    const c = counts.get(f.layer) ?? { error: 0, warning: 0, note: 0 };
    c[f.severity]++;
    counts.set(f.layer, c);
  }
  const nodes: LayerFlowNode[] = [];
  const edges: Edge[] = [];
  for (const key of layout.keys) {
    const layer = layout.layers.get(key) as Layer;
    const box = placedBox(layout, deco.moved, key) as LayerBox;
    const live = deco.live?.get(layer.id);
    const real = deco.real?.[layer.id];
    nodes.push({
      id: key,
      type: 'layer',
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      ...measuredLayer(box.width, box.height),
      zIndex: box.rank,
      selected: deco.selected.has(key),
      data: {
        layer,
        // A layer the check has not seen yet (just dropped) has its kind's class until it has.
        cls: deco.classes[layer.id] ?? kindClass(layer.kind, layer.kind === 'hypervisor' ? layer.product : undefined),
        aggregate: isAggregate(layer),
        counts: counts.get(layer.id) ?? { error: 0, warning: 0, note: 0 },
        ...(live ? { live } : {}),
        ...(real ? { real } : {}),
      },
    });
    for (const parent of layout.below.get(key) ?? []) {
      const under = placedBox(layout, deco.moved, parent) as LayerBox;
      if (stackedOn(box, under)) continue;
      edges.push({ id: `${parent}->${key}`, source: parent, target: key, type: 'straight', className: 'stands-on' });
    }
  }
  return { nodes, edges };
}

/** A box sits on another when it is right above it and they overlap horizontally. */
function stackedOn(upper: LayerBox, lower: LayerBox): boolean {
  const touching = Math.abs(lower.y - (upper.y + upper.height)) < lower.height;
  return touching && upper.x < lower.x + lower.width && lower.x < upper.x + upper.width;
}

/**
 * The layer under a point of the canvas (flow coordinates), the upper one where boxes
 * overlap; `except` keys are ignored (the layer being dragged and what stands on it).
 */
export function layerAt(
  layout: StackLayout,
  moved: FlowDecorations['moved'],
  point: { x: number; y: number },
  except: ReadonlySet<string> = new Set(),
): string | undefined {
  let best: { key: string; rank: number } | undefined;
  for (const key of layout.keys) {
    if (except.has(key)) continue;
    const box = placedBox(layout, moved, key) as LayerBox;
    const inside = point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height;
    if (inside && (!best || box.rank >= best.rank)) best = { key, rank: box.rank };
  }
  return best ? (layout.layers.get(best.key) as Layer).id : undefined;
}
