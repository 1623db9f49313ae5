import { describeLayer } from './layerNames';
import type { RuleContext } from './ruleContext';
import { capacityOf } from './stackGraph';

/** Overcommit: more vCPUs or memory handed out than there is below, and caps that never bind. */
export function checkCapacity(ctx: RuleContext): void {
  const { graph } = ctx;
  const cyclic = graph.cyclic.size > 0 ? graph.cyclic : undefined;
  for (const f of graph.layerFacts) {
    const layer = f.layer;
    const id = layer.id;
    if (cyclic?.has(id)) continue;
    if (layer.kind === 'hypervisor' && layer.product !== 'vsmp') {
      const host = capacityOf(graph, id);
      let vms = 0;
      let vcpus = 0;
      let memory = 0;
      for (const c of f.children) {
        if (c.layer.kind !== 'vm') continue;
        vms++;
        vcpus += c.layer.vcpus;
        memory += c.layer.memoryMiB;
      }
      if (!host || vms === 0) continue;
      if (vcpus > host.cpus)
        ctx.report('cpu-overcommit', id, `the vms of ${describeLayer(layer)} have ${vcpus} vCPUs for ${host.cpus} CPU${host.cpus === 1 ? '' : 's'}`);
      if (memory > host.memoryMiB) ctx.report('memory-overcommit', id, `the vms of ${describeLayer(layer)} have ${memory} MiB for ${host.memoryMiB} MiB`);
    } else if (layer.kind === 'container') {
      const kernel = f.parents[0]?.visible;
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
