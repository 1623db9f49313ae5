import { describeLayer } from './layerNames';
import type { RuleContext } from './ruleContext';
import { capacityOf, childrenOf, firstParentOf, visibleCapacityOf } from './stackGraph';

/** Overcommit: more vCPUs or memory handed out than there is below, and caps that never bind. */
export function checkCapacity(ctx: RuleContext): void {
  const { graph } = ctx;
  for (const layer of graph.layers) {
    const id = layer.id;
    if (graph.cyclic.has(id)) continue;
    if (layer.kind === 'hypervisor' && layer.product !== 'vsmp') {
      const host = capacityOf(graph, id);
      const vms = childrenOf(graph, id).flatMap((c) => (c.kind === 'vm' ? [c] : []));
      if (!host || vms.length === 0) continue;
      const vcpus = vms.reduce((sum, vm) => sum + vm.vcpus, 0);
      const memory = vms.reduce((sum, vm) => sum + vm.memoryMiB, 0);
      if (vcpus > host.cpus)
        ctx.report('cpu-overcommit', id, `the vms of ${describeLayer(layer)} have ${vcpus} vCPUs for ${host.cpus} CPU${host.cpus === 1 ? '' : 's'}`);
      if (memory > host.memoryMiB) ctx.report('memory-overcommit', id, `the vms of ${describeLayer(layer)} have ${memory} MiB for ${host.memoryMiB} MiB`);
    } else if (layer.kind === 'container') {
      const parent = firstParentOf(graph, id);
      const kernel = parent && visibleCapacityOf(graph, parent.id);
      if (!kernel) continue;
      if (layer.cpus !== undefined && layer.cpus > kernel.cpus) {
        ctx.report('container-cap-above-host', id, `container ${id} is capped at ${layer.cpus} CPUs, but its kernel has ${kernel.cpus}`, { field: 'cpus' });
      }
      if (layer.memoryMiB !== undefined && layer.memoryMiB > kernel.memoryMiB) {
        ctx.report('container-cap-above-host', id, `container ${id} is capped at ${layer.memoryMiB} MiB, but its kernel has ${kernel.memoryMiB} MiB`, {
          field: 'memoryMiB',
        });
      }
    }
  }
}
