import { describe, expect, it } from 'vitest';
import { checkStack } from '../../../../src/core/stack';
import { layoutStack } from '../../../../src/renderer/features/builder/model/stackLayout';
import { stackToFlow } from '../../../../src/renderer/features/builder/model/stackToFlow';
import { diagramSvg, mix, type DiagramTheme } from '../../../../src/renderer/features/builder/toolbar/diagramSvg';
import { stackOf } from './fixtures/stackOf';

const theme: DiagramTheme = {
  background: '#ffffff',
  surface: '#ffffff',
  text: '#111111',
  muted: '#777777',
  danger: '#ff0000',
  warning: '#ffaa00',
  success: '#00aa00',
  font: '"DejaVu Sans", sans-serif',
  classes: { hardware: '#7c8594', 'os-kernel': '#4f9d6f', 'ssi-aggregate': '#4cc3a7' },
};

function flowOf(yaml: string, moved = new Map<string, { x: number; y: number }>()) {
  const stack = stackOf(yaml);
  const check = checkStack(stack);
  return stackToFlow(layoutStack(stack), { classes: check.classes, findings: check.findings, selected: new Set(), moved });
}

const ssi = `
name: An SSI
layers:
  - { id: N1, kind: node, cpus: 2 }
  - { id: N2, kind: node, cpus: 2 }
  - { id: os1, kind: os, on: N1 }
  - { id: os2, kind: os, on: N2 }
  - { id: ssi, kind: ssi, on: [os1, os2] }
`;

describe('the exported diagram of a stack', () => {
  it('draws every layer with its id, what it is and its class colour, in the theme', () => {
    const { nodes, edges } = flowOf(ssi);
    const { svg, width, height } = diagramSvg(nodes, edges, theme);
    expect([...svg.matchAll(/<g data-layer="([^"]+)">/g)].map((m) => m[1]).sort()).toEqual(['N1', 'N2', 'os1', 'os2', 'ssi']);
    expect(svg).toContain('>N1</text>');
    expect(svg).toContain('>2 CPU · ');
    expect(svg).toContain(`fill="${mix('#7c8594', '#ffffff', 0.2)}"`);
    expect(svg).toContain('font-family="&#34;DejaVu Sans&#34;, sans-serif"');
    // A small stack is drawn at a slide's width at least.
    expect(width).toBeGreaterThanOrEqual(960);
    expect(svg.startsWith(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"`)).toBe(true);
  });

  it('draws a connector where the canvas does, from the top of what is stood on to the bottom of what stands on it', () => {
    const stacked = flowOf(ssi);
    expect(diagramSvg(stacked.nodes, stacked.edges, theme).svg).not.toContain('<line');
    const moved = flowOf(ssi, new Map([['os1', { x: 900, y: -300 }]]));
    const n1 = moved.nodes.find((n) => n.id === 'N1')!;
    const { svg } = diagramSvg(moved.nodes, moved.edges, theme);
    expect(svg).toContain(`<line x1="${n1.position.x + n1.width! / 2}" y1="${n1.position.y}" x2="${900 + n1.width! / 2}" y2="${-300 + n1.height!}"`);
  });

  it('marks findings and real or simulated layers, and cuts an id too long for its box', () => {
    const { nodes, edges } = flowOf(`
name: Findings
layers:
  - { id: a-node-with-a-name-far-too-long-for-a-box, kind: node }
  - { id: vm1, kind: vm, on: a-node-with-a-name-far-too-long-for-a-box }
`);
    const vm = nodes.find((n) => n.id === 'vm1')!;
    vm.data.counts = { error: 2, warning: 0, note: 0 };
    vm.data.real = { real: false, why: 'no hypervisor under it' };
    const { svg } = diagramSvg(nodes, edges, theme);
    const layer = (id: string): string => svg.slice(svg.indexOf(`<g data-layer="${id}">`), svg.indexOf('</g>', svg.indexOf(`<g data-layer="${id}">`)));
    expect(layer('vm1')).toContain('stroke="#ff0000"');
    expect(layer('vm1')).toMatch(/>2<\/text>/);
    expect(layer('vm1')).toMatch(/>sim<\/text>/);
    expect(layer('a-node-with-a-name-far-too-long-for-a-box')).toMatch(/>a-node-with[^<]*…<\/text>/);
  });

  it('says so when there is nothing to draw, and mixes colours as CSS color-mix does', () => {
    expect(() => diagramSvg([], [], theme)).toThrow('there is nothing on the canvas to export');
    expect(mix('#ff0000', '#0000ff', 0.25)).toBe('#4000bf');
    expect(mix('rgb(255, 255, 255)', '#000000', 0.5)).toBe('#808080');
    expect(() => mix('red', '#000000', 0.5)).toThrow('not a colour the diagram can mix: red');
  });
});
