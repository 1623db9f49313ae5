import type { Edge } from '@xyflow/react';
import { layerClasses } from '../canvas/classLabels';
import type { LayerFlowNode } from '../model/stackToFlow';
import { diagramSvg, type DiagramTheme } from './diagramSvg';

/** Chromium's largest canvas side: a PNG of a very wide stack is drawn smaller to fit. */
const MAX_CANVAS_SIDE = 16_384;
/** PNG pixels per CSS pixel, for a sharp picture on a slide. */
const PIXEL_RATIO = 2;

/**
 * Renders the whole stack (not just what is on screen) to a PNG or SVG file, for slides.
 * `canvas` is the builder canvas element; the picture takes its colours and font, so it
 * matches the theme the teacher chose.
 */
export async function renderDiagram(canvas: HTMLElement, nodes: readonly LayerFlowNode[], edges: readonly Edge[], format: 'png' | 'svg'): Promise<Blob> {
  const diagram = diagramSvg(nodes, edges, themeOf(canvas));
  const svg = new Blob([diagram.svg], { type: 'image/svg+xml' });
  if (format === 'svg') return svg;
  const url = URL.createObjectURL(svg);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const scale = Math.min(PIXEL_RATIO, MAX_CANVAS_SIDE / diagram.width, MAX_CANVAS_SIDE / diagram.height);
    const png = document.createElement('canvas');
    png.width = Math.max(1, Math.floor(diagram.width * scale));
    png.height = Math.max(1, Math.floor(diagram.height * scale));
    const context = png.getContext('2d');
    if (!context) throw new Error('this browser cannot draw a PNG');
    context.drawImage(image, 0, 0, png.width, png.height);
    // toDataURL: Chromium's toBlob and convertToBlob encode in idle time, 1.1 s against 0.16 s here for 1,000 layers.
    const data = png.toDataURL('image/png');
    const bytes = Uint8Array.from(atob(data.slice(data.indexOf(',') + 1)), (c) => c.charCodeAt(0));
    return new Blob([bytes], { type: 'image/png' });
  } finally {
    URL.revokeObjectURL(url);
  }
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

/** How long a download's object URL is kept: the browser has taken the file long before. */
const DOWNLOAD_URL_MS = 60_000;

/** Hands a file to the browser (or Electron) as a download. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_MS);
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
