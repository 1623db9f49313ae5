import { describeLayer } from './layerNames';
import { listIds, type RuleContext } from './ruleContext';
import { archOf, childrenOf, layerById, nodesUnder, parentsOf } from './stackGraph';
import type { Layer, SsiLayer } from './stackSchema';

/**
 * The rules of kernel-level SSIs (Kerrighed, OpenSSI, MOSIX): members that have a Linux
 * kernel of their own, one architecture, one SSI per member; and the notes that explain
 * what an SSI adds and shares.
 */
export function checkSsis(ctx: RuleContext): void {
  const { graph } = ctx;
  const ssisOfMember = new Map<string, string[]>();
  for (const ssi of graph.layers) {
    const id = ssi.id;
    if (ssi.kind !== 'ssi' || graph.cyclic.has(id)) continue;
    const members = parentsOf(graph, id);
    for (const m of members) ssisOfMember.set(m.id, [...(ssisOfMember.get(m.id) ?? []), id]);
    checkMembers(ctx, ssi, members);

    const nodes = nodesUnder(graph, id);
    if (members.length >= 2 && nodes.length === 1) {
      ctx.report(
        'ssi-members-one-node',
        id,
        `all ${members.length} members of SSI ${id} stand on node ${nodes[0]}: together they add no CPUs or memory to what that node has`,
      );
    }
    const sites = new Set(nodes.map((n) => layerById(graph, n)).flatMap((n) => (n?.kind === 'node' ? [n.site] : [])));
    if (sites.size > 1) ctx.report('ssi-spans-sites', id, `SSI ${id} spans the sites ${listIds(sites)}: its members talk over the WAN`);
    const containers = childrenOf(graph, id).filter((c) => c.kind === 'container');
    if (containers.length > 0) {
      ctx.report(
        'containers-share-ssi-kernel',
        id,
        `${listIds(containers.map((c) => c.id))} share${containers.length === 1 ? 's' : ''} the one kernel of SSI ${id} and see${containers.length === 1 ? 's' : ''} all of its ${nodes.length} node${nodes.length === 1 ? '' : 's'}`,
      );
    }
  }
  for (const [member, ssis] of ssisOfMember) {
    if (ssis.length > 1)
      ctx.report('ssi-member-shared', member, `${member} is a member of ${ssis.length} SSIs (${listIds(ssis)}); each member belongs to one SSI`);
  }
}

function checkMembers(ctx: RuleContext, ssi: SsiLayer, members: Layer[]): void {
  const containers = members.filter((m) => m.kind === 'container');
  if (containers.length > 0) {
    ctx.report(
      'ssi-needs-own-kernel',
      ssi.id,
      `SSI ${ssi.id} is built from container${containers.length > 1 ? 's' : ''} ${listIds(containers.map((c) => c.id))}, which share their host's kernel and have none of their own to join`,
      { field: 'on' },
    );
  }
  const others = members.filter((m) => m.kind !== 'os' && m.kind !== 'vm' && m.kind !== 'node' && m.kind !== 'container');
  for (const m of others)
    ctx.report('ssi-member-kind', ssi.id, `SSI ${ssi.id} cannot have ${describeLayer(m)} as a member; members are os, vm or node layers`, { field: 'on' });
  for (const m of members) {
    if (m.kind === 'os' && m.product !== 'linux') {
      ctx.report(
        'ssi-needs-linux',
        ssi.id,
        `SSI ${ssi.id} (${ssi.product}) cannot use ${describeLayer(m)}: its members run Linux; run a Linux vm on it instead`,
        { field: 'on' },
      );
    }
  }
  const arches = new Map<string, string[]>();
  for (const m of members) {
    const arch = archOf(ctx.graph, m.id);
    if (arch !== undefined && m.kind !== 'container') arches.set(arch, [...(arches.get(arch) ?? []), m.id]);
  }
  if (arches.size > 1) {
    const parts = [...arches].sort(([a], [b]) => (a < b ? -1 : 1)).map(([arch, ids]) => `${listIds(ids)} ${arch}`);
    ctx.report('ssi-mixed-arch', ssi.id, `SSI ${ssi.id} mixes architectures (${parts.join('; ')}); a process migrates with its machine code`, { field: 'on' });
  }
}
