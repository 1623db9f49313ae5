import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';

/** Pixels of margin around the stack in an exported picture. */
const MARGIN = 32;
/** Exported pictures are at least this wide, so a small stack is still legible on a slide. */
const MIN_WIDTH = 960;

/**
 * Renders the whole stack (not just what is on screen) to a PNG or SVG data URL, for
 * slides. `canvas` is the builder canvas element; the picture takes its background colour,
 * so it matches the theme the teacher chose.
 */
export async function renderDiagram(canvas: HTMLElement, nodes: Node[], format: 'png' | 'svg'): Promise<string> {
  const viewport = canvas.querySelector<HTMLElement>('.react-flow__viewport');
  if (!viewport || nodes.length === 0) throw new Error('there is nothing on the canvas to export');
  const bounds = getNodesBounds(nodes);
  const scale = Math.max(1, MIN_WIDTH / (bounds.width + 2 * MARGIN));
  const width = Math.ceil((bounds.width + 2 * MARGIN) * scale);
  const height = Math.ceil((bounds.height + 2 * MARGIN) * scale);
  const transform = getViewportForBounds(bounds, width, height, 0.1, 4, MARGIN / Math.max(width, height));
  const options = {
    backgroundColor: getComputedStyle(canvas).getPropertyValue('--bg').trim() || '#ffffff',
    width,
    height,
    pixelRatio: 2,
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${transform.x}px, ${transform.y}px) scale(${transform.zoom})` },
    // Toolbars and hover cards are not part of the diagram.
    filter: (el: HTMLElement) => !(el.classList?.contains('react-flow__node-toolbar') ?? false),
  };
  return format === 'png' ? toPng(viewport, options) : toSvg(viewport, options);
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
