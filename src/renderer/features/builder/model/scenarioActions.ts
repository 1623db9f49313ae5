import type { Layer, ScenarioStep, Stack } from '../../../../core/stack';
import { freshId, productLabel } from './layerCatalog';
import { idsOf } from './stackEdits';

/** One scenario action a layer's context menu offers. */
export interface ScenarioAction {
  label: string;
  step: ScenarioStep;
}

function refs(layer: Layer): string[] {
  return layer.on === undefined ? [] : typeof layer.on === 'string' ? [layer.on] : layer.on;
}

/** The SSI under a layer through containers, if its kernel is one. */
function ssiBelow(byId: ReadonlyMap<string, Layer>, id: string): Layer | undefined {
  let current = byId.get(id);
  for (let guard = 0; current && guard < byId.size; guard++) {
    if (current.kind === 'ssi') return current;
    if (current.kind !== 'app' && current.kind !== 'container') return undefined;
    current = byId.get(refs(current)[0] ?? '');
  }
  return undefined;
}

/**
 * The scenario steps that make sense for a layer at simulated time `at`, as its context
 * menu lists them (docs/stack-format.md, "Scenario steps"): migrate a VM to another hypervisor,
 * move an SSI process to another member, suspend and resume, checkpoint, fail or remove a
 * node, add a node like this one (joining its SSI when it has one).
 */
export function scenarioActionsFor(stack: Stack, id: string, at: number): ScenarioAction[] {
  const byId = new Map(stack.layers.map((l) => [l.id, l]));
  const layer = byId.get(id);
  if (!layer) return [];
  const actions: ScenarioAction[] = [];
  const suspendable = layer.kind === 'vm' || layer.kind === 'container' || layer.kind === 'app';
  if (layer.kind === 'vm') {
    const host = refs(layer)[0];
    for (const h of stack.layers) {
      if (h.kind !== 'hypervisor' || h.product === 'vsmp' || h.id === host) continue;
      const where = refs(h)[0];
      actions.push({
        label: `Migrate to ${h.id}${where ? ` on ${where}` : ''} (${productLabel[h.product]})`,
        step: { at, do: 'migrate', target: id, to: h.id },
      });
    }
  }
  const ssi = layer.kind === 'app' ? ssiBelow(byId, id) : undefined;
  if (ssi) {
    for (const member of refs(ssi)) actions.push({ label: `Move a process to ${member}`, step: { at, do: 'migrate', target: id, to: member, processes: 1 } });
  }
  if (suspendable) {
    actions.push({ label: 'Suspend', step: { at, do: 'suspend', target: id } });
    actions.push({ label: 'Resume', step: { at, do: 'resume', target: id } });
  }
  if (layer.kind === 'vm' || ssi) actions.push({ label: 'Checkpoint', step: { at, do: 'checkpoint', target: id } });
  if (layer.kind === 'node') {
    actions.push({ label: 'Fail this node', step: { at, do: 'fail', target: id } });
    actions.push({ label: 'Remove this node (gracefully)', step: { at, do: 'remove-node', target: id } });
    actions.push({ label: 'Add a node like this one', step: addNodeLike(stack, layer, at) });
  }
  return actions;
}

/** An add-node step: a copy of the node and of the OS it runs, joining that OS's SSI if it is in one. */
function addNodeLike(stack: Stack, node: Layer, at: number): ScenarioStep {
  const taken = idsOf(stack);
  for (const step of stack.scenario ?? []) if (step.do === 'add-node') for (const l of step.layers) taken.add(l.id);
  const nodeId = freshId('node', taken);
  taken.add(nodeId);
  const layers: Layer[] = [{ ...node, id: nodeId }];
  const os = stack.layers.find((l) => l.kind === 'os' && refs(l)[0] === node.id);
  let join: string | undefined;
  if (os) {
    const osId = freshId('os', taken);
    layers.push({ ...os, id: osId, on: nodeId });
    join = stack.layers.find((l) => l.kind === 'ssi' && refs(l).includes(os.id))?.id;
  }
  return { at, do: 'add-node', layers, ...(join ? { join } : {}) };
}
