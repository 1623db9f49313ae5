import type { Stack } from '../../../../core/stack';
import { freshId, newLayer, type PaletteItem } from './layerCatalog';
import { addLayer, idsOf, placeOn, standsOn } from './stackEdits';

/*
 * The canvas-to-stack direction: what a gesture on the canvas means for the stack. The
 * canvas never holds a stack of its own; it turns gestures into these edits.
 */

/**
 * Dropping a palette item: a new layer standing on the layer it was dropped onto, or on
 * nothing when dropped on empty canvas (a node's place; any other kind shows the
 * `missing-on` error until it is placed). An SSI or vSMP dropped on a layer starts its
 * member list with it.
 */
export function dropPaletteItem(stack: Stack, item: PaletteItem, target: string | undefined): { stack: Stack; id: string } {
  const id = freshId(item.kind, idsOf(stack), item.kind === 'hypervisor' ? item.variant : undefined);
  const listed = item.kind === 'ssi' || (item.kind === 'hypervisor' && item.variant === 'vsmp');
  const on = target === undefined || item.kind === 'node' ? undefined : listed ? [target] : target;
  return { stack: addLayer(stack, newLayer(item, id, on)), id };
}

/**
 * Dropping a layer onto another: it now stands on that one. An SSI or vSMP gains it as a
 * member instead (dragging a band's end over one more member). Refused, returning the
 * same stack, when it would stand on itself or on something standing on it.
 */
export function dropLayerOnto(stack: Stack, id: string, target: string): Stack {
  if (id === target || standsOn(stack, target, id)) return stack;
  const layer = stack.layers.find((l) => l.id === id);
  if (!layer) return stack;
  if (layer.kind === 'ssi' || (layer.kind === 'hypervisor' && layer.product === 'vsmp')) {
    const members = layer.on === undefined ? [] : typeof layer.on === 'string' ? [layer.on] : layer.on;
    return members.includes(target) ? stack : placeOn(stack, id, [...members, target]);
  }
  return layer.on === target ? stack : placeOn(stack, id, target);
}
