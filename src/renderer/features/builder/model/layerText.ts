import { layerToYaml, type Stack } from '../../../../core/stack';
import type { LayerLines } from './stackAnalysis';

/**
 * Writes a canvas edit into the YAML by rewriting only the lines of the layers it changed,
 * instead of writing the whole file again (and parsing it again): at 1,000 layers an
 * edit stays a few milliseconds, and the rest of the text, comments included, stays as
 * the student wrote it. Needs the text's layers on lines of their own
 * (`LayerLines.ownLines`) and an edit that changed nothing but layers; otherwise null,
 * and the caller writes the whole stack.
 */
export function rewriteLayers(text: string, before: Stack, after: Stack, lines: LayerLines): { text: string; lines: LayerLines } | null {
  if (!lines.ownLines || lines.starts.length !== before.layers.length) return null;
  if (before.name !== after.name || before.description !== after.description || before.network !== after.network || before.scenario !== after.scenario)
    return null;
  const old = before.layers;
  const next = after.layers;
  if (old.length === 0 || next.length === 0) return null;
  // Unchanged layers keep their objects (the edits are immutable): find the changed run between them.
  let head = 0;
  while (head < old.length && head < next.length && old[head] === next[head]) head++;
  let tail = 0;
  while (tail < old.length - head && tail < next.length - head && old[old.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
  const removed = old.length - head - tail;
  const added = next.slice(head, next.length - tail);
  const textLines = text.split('\n');
  const first = lines.starts[0] as number;
  const indent = /^\s*- /.exec(textLines[first - 1] ?? '')?.[0] ?? '  - ';
  // 0-based index of the first line replaced: the first changed layer's, or the line after the run when only adding.
  const at = first - 1 + head;
  textLines.splice(at, removed, ...added.map((layer) => indent + layerToYaml(layer)));
  const starts = next.map((_, i) => first + i);
  return { text: textLines.join('\n'), lines: { starts, ownLines: true } };
}
