import { describe, expect, it } from 'vitest';
import { parseStack } from '../../../../src/core/stack';
import { cullToWindow } from '../../../../src/renderer/features/builder/canvas/mountedWindow';
import { LAYER_HEIGHT, LAYER_WIDTH, layoutStack } from '../../../../src/renderer/features/builder/model/stackLayout';
import { stackToFlow } from '../../../../src/renderer/features/builder/model/stackToFlow';

/** Two machines side by side, each a node with an os, and an SSI over both; os2 was dragged far to the right, so a connector joins it to the SSI. */
const parsed = parseStack(`
name: Two machines
layers:
  - { id: N1, kind: node }
  - { id: N2, kind: node }
  - { id: os1, kind: os, on: N1 }
  - { id: os2, kind: os, on: N2 }
  - { id: ssi, kind: ssi, on: [os1, os2] }
`);
const layout = layoutStack(parsed.stack!);
const os2Box = layout.boxes.get('os2')!;
const FAR = 3000;
const moved = new Map([['os2', { x: os2Box.x + FAR, y: os2Box.y }]]);
const { nodes, edges } = stackToFlow(layout, { classes: {}, findings: [], selected: new Set(), moved });
const at = (id: string): { x: number; y: number } => nodes.find((n) => n.id === id)!.position;

describe("a large stack's canvas, mounted around the screen", () => {
  it('hides the layers outside the window from xyflow, keeping them in its store, and keeps those inside as they are', () => {
    const n1 = at('N1');
    const window = { x: n1.x - 10, y: n1.y - 10, width: LAYER_WIDTH + 20, height: LAYER_HEIGHT + 20 };
    const culled = cullToWindow(nodes, edges, window);
    expect(culled.nodes.map((n) => n.id)).toEqual(nodes.map((n) => n.id));
    expect(culled.nodes.filter((n) => !n.hidden).map((n) => n.id)).toEqual(['N1']);
    expect(culled.nodes.find((n) => n.id === 'N1')).toBe(nodes.find((n) => n.id === 'N1'));
    // The same hidden node each time, so xyflow does not take in again a layer that stayed out of sight.
    expect(cullToWindow(nodes, edges, window).nodes.find((n) => n.id === 'N2')).toBe(culled.nodes.find((n) => n.id === 'N2'));
  });

  it('keeps a connector whose span meets the window though neither of its layers does', () => {
    expect(edges.map((e) => e.id).sort()).toEqual(['N2->os2', 'os2->ssi']);
    const [os2, ssi] = [at('os2'), at('ssi')];
    // A strip between the SSI band and the dragged os, across the rows of both: no layer in it, both connectors cross it.
    const strip = { x: ssi.x + 2 * LAYER_WIDTH + 100, y: ssi.y, width: os2.x - ssi.x - 2 * LAYER_WIDTH - 200, height: os2.y + LAYER_HEIGHT - ssi.y };
    const culled = cullToWindow(nodes, edges, strip);
    expect(strip.width).toBeGreaterThan(0);
    expect(culled.nodes.every((n) => n.hidden)).toBe(true);
    expect(culled.edges.map((e) => e.id).sort()).toEqual(['N2->os2', 'os2->ssi']);
    expect(cullToWindow(nodes, edges, { x: -1e6, y: -1e6, width: 10, height: 10 }).edges).toEqual([]);
  });

  it('mounts nothing while the canvas has no size', () => {
    expect(cullToWindow(nodes, edges, { x: 0, y: 0, width: 0, height: 0 }).nodes.filter((n) => !n.hidden)).toEqual([]);
  });
});
