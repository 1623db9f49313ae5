import { listIds, type RuleContext } from './ruleContext';
import { onIds, type LayerFacts } from './stackGraph';
import type { Layer } from './stackSchema';

/** Whether a layer may stand on several layers: an SSI on its members, a vsmp on its nodes. */
export function isAggregate(layer: Layer): boolean {
  return layer.kind === 'ssi' || (layer.kind === 'hypervisor' && layer.product === 'vsmp');
}

/**
 * The structural checks: ids unique and known, every layer but a node standing on
 * something, the right number of layers under each, and no circles.
 */
export function checkGraph(ctx: RuleContext): void {
  const { graph } = ctx;
  const layers = graph.stack.layers;
  // The graph keeps the first layer of each id, in file order: walking its facts beside
  // the file's layers tells a first layer (its facts come next) from a duplicate.
  let next = 0;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i] as Layer;
    const facts = graph.layerFacts[next];
    if (facts?.index === i) next++;
    else ctx.report('duplicate-id', layer.id, `the id ${layer.id} is used by more than one layer`, { path: ['layers', i, 'id'] });
    checkOn(ctx, layer, i, facts?.index === i ? facts : undefined);
  }
  for (const id of graph.cyclic) {
    ctx.report('cycle', id, `${id} stands, through \`on\`, on itself`, { field: 'on' });
  }
}

/** How a layer that cannot stand on several layers can still span several nodes. */
function spanningHint(layer: Layer): string {
  if (layer.kind === 'os' || (layer.kind === 'hypervisor' && (layer.product === 'xen' || layer.product === 'vmware-esx'))) {
    return '; to span several nodes, stand on a vsmp that aggregates them';
  }
  if (layer.kind === 'hypervisor' || layer.kind === 'container' || layer.kind === 'app') return '; to span several nodes, stand on an ssi that joins them';
  return '';
}

/**
 * `on` of the layer at index `i`: present unless a node, naming known ids, as many as its
 * kind takes. `facts` are the layer's own (undefined for a duplicate id).
 */
function checkOn(ctx: RuleContext, layer: Layer, i: number, facts: LayerFacts | undefined): void {
  if (layer.kind === 'node') {
    if (layer.on !== undefined)
      ctx.report(
        'node-stands-on-nothing',
        layer.id,
        `node ${layer.id} is a physical machine and cannot stand on anything; use a vm to put a machine on ${listIds(onIds(layer))}`,
        onPath(i),
      );
    return;
  }
  if (layer.on === undefined) {
    ctx.report('missing-on', layer.id, `${layer.kind} ${layer.id} does not say what it runs on (add \`on\`)`, { path: ['layers', i] });
    return;
  }
  const refs = typeof layer.on === 'string' ? undefined : layer.on;
  if (refs === undefined) {
    // One id: the common case, checked without making a list of it.
    const ref = layer.on as string;
    // A layer's one id is known when the graph found its record.
    if (facts ? facts.parents.length === 0 : !ctx.graph.facts.has(ref))
      ctx.report('unknown-id', layer.id, `${layer.id} stands on ${ref}, but no layer has that id`, onPath(i));
    if (isAggregate(layer)) singleMember(ctx, layer, ref, onPath(i));
    return;
  }
  for (let j = 0; j < refs.length; j++) {
    const ref = refs[j] as string;
    const where = { path: ['layers', i, 'on', j] };
    if (!ctx.graph.facts.has(ref)) ctx.report('unknown-id', layer.id, `${layer.id} stands on ${ref}, but no layer has that id`, where);
    else if (refs.indexOf(ref) !== j) ctx.report('duplicate-on', layer.id, `${layer.id} names ${ref} twice in \`on\``, where);
  }
  const distinct = refs.length <= 1 ? refs.length : new Set(refs).size;
  if (isAggregate(layer)) {
    const what = layer.kind === 'ssi' ? 'SSI' : 'vsmp';
    if (distinct === 0) ctx.report('arity', layer.id, `${what} ${layer.id} must stand on at least one layer`, onPath(i));
    else if (distinct === 1) singleMember(ctx, layer, refs[0] as string, onPath(i));
  } else if (refs.length !== 1) {
    const spanHint = refs.length > 1 ? spanningHint(layer) : '';
    ctx.report(
      'arity',
      layer.id,
      `${layer.kind} ${layer.id} must stand on exactly one layer, not ${refs.length}${refs.length > 0 ? ` (${listIds(refs)})` : ''}${spanHint}`,
      onPath(i),
    );
  }
}

/** Where `on` of the layer at index `i` is; made only for a finding, as most layers have none. */
function onPath(i: number): { path: ReadonlyArray<string | number> } {
  return { path: ['layers', i, 'on'] };
}

/** An SSI or a vsmp on one layer: allowed, and pointless. */
function singleMember(ctx: RuleContext, layer: Layer, ref: string, where: { path: ReadonlyArray<string | number> }): void {
  if (layer.kind === 'ssi') ctx.report('ssi-single-member', layer.id, `SSI ${layer.id} has a single member (${ref}): it aggregates nothing`, where);
  else ctx.report('vsmp-single-node', layer.id, `vsmp ${layer.id} aggregates a single node (${ref})`, where);
}
