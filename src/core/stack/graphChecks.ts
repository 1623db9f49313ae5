import { listIds, type RuleContext } from './ruleContext';
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
  const seen = new Set<string>();
  graph.stack.layers.forEach((layer, i) => {
    const at = (...rest: Array<string | number>) => ({ path: ['layers', i, ...rest] });
    if (seen.has(layer.id)) ctx.report('duplicate-id', layer.id, `the id ${layer.id} is used by more than one layer`, at('id'));
    seen.add(layer.id);

    if (layer.kind === 'node') {
      if (layer.on !== undefined) ctx.report('node-stands-on-nothing', layer.id, `node ${layer.id} is a physical machine and cannot stand on anything; use a vm to put a machine on ${listIds(asList(layer.on))}`, at('on'));
      return;
    }
    if (layer.on === undefined) {
      ctx.report('missing-on', layer.id, `${layer.kind} ${layer.id} does not say what it runs on (add \`on\`)`, at());
      return;
    }
    const refs = asList(layer.on);
    refs.forEach((ref, j) => {
      const where = typeof layer.on === 'string' ? at('on') : at('on', j);
      if (!graph.byId.has(ref)) ctx.report('unknown-id', layer.id, `${layer.id} stands on ${ref}, but no layer has that id`, where);
      else if (refs.indexOf(ref) !== j) ctx.report('duplicate-on', layer.id, `${layer.id} names ${ref} twice in \`on\``, where);
    });
    const distinct = new Set(refs).size;
    if (isAggregate(layer)) {
      const what = layer.kind === 'ssi' ? 'SSI' : 'vsmp';
      if (distinct === 0) ctx.report('arity', layer.id, `${what} ${layer.id} must stand on at least one layer`, at('on'));
      else if (distinct === 1 && layer.kind === 'ssi') ctx.report('ssi-single-member', layer.id, `SSI ${layer.id} has a single member (${refs[0]}): it aggregates nothing`, at('on'));
      else if (distinct === 1) ctx.report('vsmp-single-node', layer.id, `vsmp ${layer.id} aggregates a single node (${refs[0]})`, at('on'));
    } else if (refs.length !== 1) {
      ctx.report('arity', layer.id, `${layer.kind} ${layer.id} must stand on exactly one layer, not ${refs.length}${refs.length > 0 ? ` (${listIds(refs)})` : ''}`, at('on'));
    }
  });
  for (const id of graph.cyclic) {
    ctx.report('cycle', id, `${id} stands, through \`on\`, on itself`, { field: 'on' });
  }
}

function asList(on: string | readonly string[]): readonly string[] {
  return typeof on === 'string' ? [on] : on;
}
