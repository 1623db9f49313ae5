import type { RuleContext } from './ruleContext';
import { kernelOf, layerById, onIds, ssiOf } from './stackGraph';
import type { Layer, LayerKind, ScenarioStep } from './stackSchema';

/** The kinds each verb's `target` may be; apps must also run on an SSI where noted. */
const targetKinds: Record<ScenarioStep['do'], readonly LayerKind[]> = {
  migrate: ['vm', 'app'],
  suspend: ['vm', 'container', 'app'],
  resume: ['vm', 'container', 'app'],
  checkpoint: ['vm', 'app'],
  restart: ['vm', 'app'],
  'add-node': [],
  'remove-node': ['node'],
  fail: ['node'],
  'rewind-point': [],
};

/** Verbs whose app targets must run on an SSI (process migration, Kerrighed's checkpoint). */
const appOnSsiVerbs = new Set<ScenarioStep['do']>(['migrate', 'checkpoint', 'restart']);

/**
 * The scenario's references: every `target`, `to` and `join` names a layer of the stack
 * or one added by an earlier add-node step, of a kind the verb can act on. What the steps
 * do is the simulator's business.
 */
export function checkScenario(ctx: RuleContext): void {
  const { graph } = ctx;
  const added = new Map<string, Layer>();
  const find = (id: string): Layer | undefined => layerById(graph, id) ?? added.get(id);
  graph.stack.scenario?.forEach((step, i) => {
    const at = (field: string) => ({ path: ['scenario', i, field] });
    if (step.do === 'rewind-point') return;
    const unknown = (field: string, id: string) =>
      ctx.report('unknown-id', undefined, `scenario step ${i + 1} (${step.do}) names ${id} as its ${field}, but no layer has that id`, at(field));
    if (step.do === 'add-node') {
      step.layers.forEach((layer, j) => {
        if (find(layer.id))
          ctx.report('duplicate-id', undefined, `scenario step ${i + 1} adds ${layer.id}, but a layer already has that id`, {
            path: ['scenario', i, 'layers', j, 'id'],
          });
        added.set(layer.id, layer);
      });
      step.layers.forEach((layer, j) => {
        for (const ref of onIds(layer)) {
          if (!find(ref))
            ctx.report('unknown-id', undefined, `scenario step ${i + 1} adds ${layer.id} on ${ref}, but no layer has that id`, {
              path: ['scenario', i, 'layers', j, 'on'],
            });
        }
      });
      if (step.join !== undefined) {
        const ssi = find(step.join);
        if (!ssi) unknown('join', step.join);
        else if (ssi.kind !== 'ssi')
          ctx.report('scenario-target-kind', undefined, `scenario step ${i + 1} joins ${step.join}, which is a ${ssi.kind}, not an ssi`, at('join'));
      }
      return;
    }
    const target = find(step.target);
    if (!target) {
      unknown('target', step.target);
    } else if (!targetKinds[step.do].includes(target.kind)) {
      ctx.report(
        'scenario-target-kind',
        undefined,
        `scenario step ${i + 1} cannot ${step.do} ${target.kind} ${target.id}; it acts on ${targetKinds[step.do].join(' or ')} layers`,
        at('target'),
      );
    } else if (
      target.kind === 'app' &&
      appOnSsiVerbs.has(step.do) &&
      graph.facts.has(target.id) &&
      layerById(graph, kernelOf(graph, target.id) ?? '')?.kind !== 'ssi'
    ) {
      ctx.report(
        'scenario-target-kind',
        undefined,
        `scenario step ${i + 1} cannot ${step.do} app ${target.id}: only an SSI ${step.do === 'migrate' ? 'migrates' : 'checkpoints'} processes, and ${target.id} does not run on one`,
        at('target'),
      );
    }
    if ((step.do === 'migrate' || step.do === 'restart') && step.to !== undefined) {
      const to = find(step.to);
      if (!to) unknown('to', step.to);
      else if (target?.kind === 'vm' && to.kind !== 'hypervisor' && to.kind !== 'node') {
        ctx.report(
          'scenario-target-kind',
          undefined,
          `scenario step ${i + 1} moves vm ${target.id} to ${to.kind} ${to.id}; a vm moves to a hypervisor or a node`,
          at('to'),
        );
      } else if (target?.kind === 'app' && step.do === 'migrate' && graph.facts.has(to.id) && ssiOf(graph, to.id) !== kernelOf(graph, target.id)) {
        ctx.report(
          'scenario-target-kind',
          undefined,
          `scenario step ${i + 1} migrates app ${target.id} to ${to.id}, which is not a member of its SSI`,
          at('to'),
        );
      }
    }
  });
}
