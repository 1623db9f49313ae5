import type { Layer, ScenarioStep, Stack } from '../../../../core/stack';
import { freshId } from './layerCatalog';

/*
 * Every change the canvas, the properties panel and the context menu make to a stack, as
 * pure functions from a stack to a new stack. They keep references consistent (renaming
 * or deleting a layer updates what names it), and never validate: the stack model's
 * rules judge the result, so a student sees why a wrong placement is wrong.
 */

function refsOf(layer: Layer): string[] {
  return layer.on === undefined ? [] : typeof layer.on === 'string' ? [layer.on] : [...layer.on];
}

function withRefs(layer: Layer, refs: string[], keepList: boolean): Layer {
  const { on: _old, ...rest } = layer;
  if (refs.length === 0) return rest as Layer;
  return { ...rest, on: refs.length === 1 && !keepList ? (refs[0] as string) : refs } as Layer;
}

/** The ids a stack uses, for picking fresh ones. */
export function idsOf(stack: Stack): Set<string> {
  return new Set(stack.layers.map((l) => l.id));
}

/** Adds a layer at the end of the file. */
export function addLayer(stack: Stack, layer: Layer): Stack {
  return { ...stack, layers: [...stack.layers, layer] };
}

/** Makes `id` stand on `on` (one layer, or several for an SSI or vSMP). */
export function placeOn(stack: Stack, id: string, on: string | string[]): Stack {
  const refs = typeof on === 'string' ? [on] : on;
  return { ...stack, layers: stack.layers.map((l) => (l.id === id ? withRefs(l, refs, Array.isArray(on)) : l)) };
}

/** Whether `candidate` stands, directly or through others, on `id` (placing `id` on it would make a cycle). */
export function standsOn(stack: Stack, candidate: string, id: string): boolean {
  const byId = new Map(stack.layers.map((l) => [l.id, l]));
  const seen = new Set<string>();
  const pending = [candidate];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    if (current === id) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    const layer = byId.get(current);
    if (layer) pending.push(...refsOf(layer));
  }
  return false;
}

/**
 * Adds an SSI (or a vSMP hypervisor) standing on `members`, in their file order, and
 * returns it with its new id.
 */
export function joinInto(stack: Stack, members: string[], kind: 'ssi' | 'vsmp'): { stack: Stack; id: string } {
  const ordered = stack.layers.map((l) => l.id).filter((id) => members.includes(id));
  const id = freshId(kind === 'ssi' ? 'ssi' : 'hypervisor', idsOf(stack), kind === 'ssi' ? undefined : 'vsmp');
  const layer: Layer = kind === 'ssi' ? { id, kind: 'ssi', product: 'kerrighed', on: ordered } : { id, kind: 'hypervisor', product: 'vsmp', on: ordered };
  return { stack: addLayer(stack, layer), id };
}

/**
 * Deletes layers. What stood on them loses that reference (and shows a `missing-on`
 * error when nothing is left), and scenario steps about them are dropped.
 */
export function deleteLayers(stack: Stack, ids: Iterable<string>): Stack {
  const gone = new Set(ids);
  const layers = stack.layers
    .filter((l) => !gone.has(l.id))
    .map((l) => {
      const refs = refsOf(l);
      const kept = refs.filter((r) => !gone.has(r));
      return kept.length === refs.length ? l : withRefs(l, kept, Array.isArray(l.on));
    });
  const scenario = stack.scenario?.filter((s) => !('target' in s && gone.has(s.target)) && !('to' in s && s.to !== undefined && gone.has(s.to)));
  return { ...stack, layers, ...(scenario ? { scenario } : {}) };
}

/** Sets (or, with `undefined`, removes) one field of a layer; `id` renames it everywhere. */
export function setLayerField(stack: Stack, id: string, field: string, value: unknown): Stack {
  if (field === 'id') return renameLayer(stack, id, String(value));
  const layers = stack.layers.map((l) => {
    if (l.id !== id) return l;
    const next: Record<string, unknown> = { ...l };
    if (value === undefined) delete next[field];
    else next[field] = value;
    return next as Layer;
  });
  return { ...stack, layers };
}

/**
 * Renames a layer and every reference to it (`on`, scenario targets and destinations).
 * A name another layer holds is refused: the two layers' references would merge, and no
 * later rename could part them. The Id field commits while the student types, so "vm10"
 * typed where a "vm1" exists passes through that name on its way.
 */
export function renameLayer(stack: Stack, from: string, to: string): Stack {
  if (from === to || stack.layers.some((l) => l.id === to)) return stack;
  const swap = (r: string): string => (r === from ? to : r);
  const layers = stack.layers.map((l) => {
    const renamed = l.id === from ? { ...l, id: to } : l;
    return l.on === undefined ? renamed : ({ ...renamed, on: typeof l.on === 'string' ? swap(l.on) : l.on.map(swap) } as Layer);
  });
  const scenario = stack.scenario?.map((s) => {
    const step: Record<string, unknown> = { ...s };
    for (const key of ['target', 'to', 'join']) if (typeof step[key] === 'string') step[key] = swap(step[key] as string);
    return step as ScenarioStep;
  });
  return { ...stack, layers, ...(scenario ? { scenario } : {}) };
}

/** The layers to copy, in file order. */
export function copyLayers(stack: Stack, ids: Iterable<string>): Layer[] {
  const wanted = new Set(ids);
  return stack.layers.filter((l) => wanted.has(l.id));
}

/**
 * Pastes copied layers with fresh ids. References among the pasted layers follow their
 * copies (a copied VM with its OS stays a VM with its OS); references to other layers are
 * kept, so a pasted VM lands on the same hypervisor as the original.
 */
export function pasteLayers(stack: Stack, copied: readonly Layer[]): { stack: Stack; ids: string[] } {
  const taken = idsOf(stack);
  const renames = new Map<string, string>();
  for (const layer of copied) {
    const id = freshId(layer.kind, taken, layer.kind === 'hypervisor' ? layer.product : undefined);
    taken.add(id);
    renames.set(layer.id, id);
  }
  const pasted = copied.map((layer) => {
    const refs = refsOf(layer)
      .map((r) => renames.get(r) ?? r)
      .filter((r) => taken.has(r));
    return withRefs({ ...layer, id: renames.get(layer.id) as string }, refs, Array.isArray(layer.on));
  });
  return { stack: { ...stack, layers: [...stack.layers, ...pasted] }, ids: pasted.map((l) => l.id) };
}

/** Appends a scenario step, keeping the scenario in time order. */
export function appendScenarioStep(stack: Stack, step: ScenarioStep): Stack {
  const scenario = [...(stack.scenario ?? []), step].sort((a, b) => a.at - b.at);
  return { ...stack, scenario };
}

/** Removes the scenario step at `index`. */
export function removeScenarioStep(stack: Stack, index: number): Stack {
  const scenario = (stack.scenario ?? []).filter((_, i) => i !== index);
  const { scenario: _old, ...rest } = stack;
  return scenario.length > 0 ? { ...rest, scenario } : rest;
}
