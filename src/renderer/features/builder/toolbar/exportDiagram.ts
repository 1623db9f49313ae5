import type { Edge } from '@xyflow/react';
import { layerClasses } from '../canvas/classLabels';
import type { LayerFlowNode } from '../model/stackToFlow';
import { diagramSvg, type DiagramTheme } from './diagramSvg';

/** Chromium's largest canvas side: a PNG of a very wide stack is drawn smaller to fit. */
const MAX_CANVAS_SIDE = 16_384;
/** PNG pixels per CSS pixel, for a sharp picture on a slide. */
const PIXEL_RATIO = 2;

/**
 * Renders the whole stack (not just what is on screen) to a PNG or SVG data URL, for
 * slides. `canvas` is the builder canvas element; the picture takes its colours and font,
 * so it matches the theme the teacher chose.
 */
export async function renderDiagram(canvas: HTMLElement, nodes: readonly LayerFlowNode[], edges: readonly Edge[], format: 'png' | 'svg'): Promise<string> {
  const diagram = diagramSvg(nodes, edges, themeOf(canvas));
  const svgUrl = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(diagram.svg)}`;
  if (format === 'svg') return svgUrl;
  const image = new Image();
  image.src = svgUrl;
  await image.decode();
  const scale = Math.min(PIXEL_RATIO, MAX_CANVAS_SIDE / diagram.width, MAX_CANVAS_SIDE / diagram.height);
  const png = document.createElement('canvas');
  png.width = Math.max(1, Math.floor(diagram.width * scale));
  png.height = Math.max(1, Math.floor(diagram.height * scale));
  const context = png.getContext('2d');
  if (!context) throw new Error('this browser cannot draw a PNG');
  context.drawImage(image, 0, 0, png.width, png.height);
  return png.toDataURL('image/png');
}

/** The theme's colours as the canvas has them, each resolved to one the diagram can mix. */
function themeOf(canvas: HTMLElement): DiagramTheme {
  const style = getComputedStyle(canvas);
  const context = document.createElement('canvas').getContext('2d');
  const colour = (name: string, fallback: string): string => {
    const value = style.getPropertyValue(name).trim() || fallback;
    if (!context) return value;
    // The canvas's own parser turns any CSS colour into #rrggbb or rgba().
    context.fillStyle = fallback;
    context.fillStyle = value;
    return context.fillStyle;
  };
  const muted = colour('--text-muted', '#6b7280');
  return {
    background: colour('--bg', '#ffffff'),
    surface: colour('--bg-elevated', '#ffffff'),
    text: colour('--text', '#1f2937'),
    muted,
    danger: colour('--danger', '#dc2626'),
    warning: colour('--warning', '#d97706'),
    success: colour('--success', '#16a34a'),
    font: style.fontFamily,
    classes: Object.fromEntries(layerClasses.map((cls) => [cls, colour(`--layer-${cls}`, muted)])),
  };
}

/** Hands a data URL to the browser (or Electron) as a file download. */
export function downloadDataUrl(dataUrl: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = dataUrl;
  a.download = fileName;
  a.click();
}

/** A file name from a stack's name: `Containers on top of an SSI` → `containers-on-top-of-an-ssi`. */
export function fileStem(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'stack'
  );
}
