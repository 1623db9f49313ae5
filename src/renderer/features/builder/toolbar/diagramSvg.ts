import type { Edge } from '@xyflow/react';
import type { LayerClass } from '../../../../core/stack';
import { layerSubtitle } from '../model/layerCatalog';
import type { LayerFlowNode } from '../model/stackToFlow';

/** The theme's colours as `#rrggbb` or `rgb()`, read from the page, and its font. */
export interface DiagramTheme {
  background: string;
  surface: string;
  text: string;
  muted: string;
  danger: string;
  warning: string;
  success: string;
  font: string;
  classes: Partial<Record<LayerClass, string>>;
}

/** A picture of a stack: SVG text and its size in CSS pixels. */
export interface Diagram {
  svg: string;
  width: number;
  height: number;
}

/** Pixels of margin around the stack in an exported picture. */
const MARGIN = 32;
/** Exported pictures are at least this wide, so a small stack is still legible on a slide. */
const MIN_WIDTH = 960;
const TITLE_SIZE = 12.5;
const SUBTITLE_SIZE = 11;
const MARK_SIZE = 9.5;
/** A character's width as a share of the font size, for cutting text to a box (sans-serif, on average). */
const CHAR_WIDTH = 0.6;

/**
 * Draws the whole stack as the canvas shows it at full detail: each layer a box tinted with
 * its class colour, its id and what it is, whether a real run runs it for real or
 * simulates it, its findings, and a connector to what it stands on wherever the canvas
 * draws one. Drawn from the model rather than copied from the page, so that layers off
 * screen (not mounted on a large stack) and labels hidden when zoomed out are in it, and a
 * 1,000-layer stack takes milliseconds, not minutes.
 */
export function diagramSvg(nodes: readonly LayerFlowNode[], edges: readonly Edge[], theme: DiagramTheme): Diagram {
  if (nodes.length === 0) throw new Error('there is nothing on the canvas to export');
  const box = new Map(nodes.map((n) => [n.id, { x: n.position.x, y: n.position.y, w: n.width ?? 0, h: n.height ?? 0 }]));
  const boxes = [...box.values()];
  const left = Math.min(...boxes.map((b) => b.x)) - MARGIN;
  const top = Math.min(...boxes.map((b) => b.y)) - MARGIN;
  const innerWidth = Math.max(...boxes.map((b) => b.x + b.w)) + MARGIN - left;
  const innerHeight = Math.max(...boxes.map((b) => b.y + b.h)) + MARGIN - top;
  const scale = Math.max(1, MIN_WIDTH / innerWidth);
  const width = Math.ceil(innerWidth * scale);
  const height = Math.ceil(innerHeight * scale);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${num(left)} ${num(top)} ${num(innerWidth)} ${num(innerHeight)}" font-family="${escape(theme.font)}">`,
    `<rect x="${num(left)}" y="${num(top)}" width="${num(innerWidth)}" height="${num(innerHeight)}" fill="${theme.background}"/>`,
  ];
  for (const edge of edges) {
    const from = box.get(edge.source);
    const to = box.get(edge.target);
    if (!from || !to) continue;
    // From the top of what is stood on to the bottom of what stands on it, as the canvas's handles.
    parts.push(
      `<line x1="${num(from.x + from.w / 2)}" y1="${num(from.y)}" x2="${num(to.x + to.w / 2)}" y2="${num(to.y + to.h)}" stroke="${theme.muted}" stroke-width="1.5" stroke-dasharray="5 4"/>`,
    );
  }
  for (const node of [...nodes].sort((a, b) => (a.zIndex ?? 0) - (b.zIndex ?? 0))) parts.push(layerSvg(node, box.get(node.id)!, theme));
  parts.push('</svg>');
  return { svg: parts.join('\n'), width, height };
}

function layerSvg(node: LayerFlowNode, b: { x: number; y: number; w: number; h: number }, theme: DiagramTheme): string {
  const { layer, cls, counts, aggregate, real } = node.data;
  const colour = theme.classes[cls] ?? theme.muted;
  const fill = mix(colour, theme.surface, aggregate ? 0.24 : 0.2);
  const stroke = counts.error > 0 ? theme.danger : mix(colour, theme.background, 0.6);
  const out = [
    `<g data-layer="${escape(layer.id)}">`,
    `<rect x="${num(b.x + 0.5)}" y="${num(b.y + 0.5)}" width="${num(b.w - 1)}" height="${num(b.h - 1)}" rx="8" fill="${fill}" stroke="${stroke}"/>`,
  ];
  // Kept off the rounded corners, which the canvas's inset shadow follows.
  if (aggregate) out.push(`<rect x="${num(b.x + 8)}" y="${num(b.y + 1)}" width="${num(b.w - 16)}" height="3" fill="${colour}"/>`);

  // The badges at the title's right, right to left: findings, then real or sim.
  const badges: string[] = [];
  let right = b.x + b.w - 10;
  const titleY = b.y + b.h / 2 - 3;
  const badge = (text: string, fg: string, bg: string): void => {
    const w = text.length * MARK_SIZE * CHAR_WIDTH + 8;
    right -= w;
    badges.push(
      `<rect x="${num(right)}" y="${num(titleY - 11)}" width="${num(w)}" height="15" rx="7" fill="${bg}"/>`,
      `<text x="${num(right + w / 2)}" y="${num(titleY)}" font-size="${MARK_SIZE}" font-weight="600" text-anchor="middle" fill="${fg}">${escape(text)}</text>`,
    );
    right -= 4;
  };
  for (const [severity, fg] of [
    ['note', theme.muted],
    ['warning', theme.warning],
    ['error', theme.danger],
  ] as const) {
    if (counts[severity] > 0) badge(String(counts[severity]), theme.surface, fg);
  }
  if (real) badge(real.real ? 'real' : 'sim', real.real ? theme.success : theme.muted, mix(real.real ? theme.success : theme.muted, theme.surface, 0.2));

  const textLeft = b.x + 12;
  const anchor = aggregate ? `x="${num(b.x + b.w / 2)}" text-anchor="middle"` : `x="${num(textLeft)}"`;
  // Bold, so a little wider than the average.
  const titleRoom = (aggregate ? b.w - 24 : right - textLeft - 4) / (TITLE_SIZE * CHAR_WIDTH * 1.08);
  out.push(
    `<text ${anchor} y="${num(titleY)}" font-size="${TITLE_SIZE}" font-weight="650" fill="${theme.text}">${escape(cut(layer.id, titleRoom))}</text>`,
    `<text ${anchor} y="${num(titleY + 15)}" font-size="${SUBTITLE_SIZE}" fill="${theme.muted}">${escape(cut(layerSubtitle(layer), (b.w - 24) / (SUBTITLE_SIZE * CHAR_WIDTH)))}</text>`,
    ...(aggregate ? [] : badges),
    '</g>',
  );
  return out.join('');
}

/** `text` in at most `room` characters, ending with an ellipsis when cut. */
function cut(text: string, room: number): string {
  const max = Math.max(1, Math.floor(room));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `share` of `colour` over `base`, as CSS's color-mix in sRGB does. */
export function mix(colour: string, base: string, share: number): string {
  const a = rgb(colour);
  const b = rgb(base);
  const channel = (i: number): string =>
    Math.round(a[i]! * share + b[i]! * (1 - share))
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

function rgb(colour: string): number[] {
  const hex = /^#([0-9a-f]{6})$/i.exec(colour.trim());
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1]!.slice(i, i + 2), 16));
  const fn = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(colour.trim());
  if (fn) return [Number(fn[1]), Number(fn[2]), Number(fn[3])];
  throw new Error(`not a colour the diagram can mix: ${colour}`);
}
