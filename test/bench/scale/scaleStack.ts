/**
 * The scale scenario of the SimGrid comparison as a stack file, written the way a
 * student writes stacks (one flow mapping per layer): NODES nodes of CORES cores, one Xen
 * each, CORES one-vCPU VMs per node, each with a Linux and an app of PROCS CPU-bound
 * processes of CPU_SECONDS each. The SimGrid peer (simgrid/scale.cpp) builds the same
 * platform from the same four numbers.
 */
export interface ScaleScenario {
  nodes: number;
  vmsPerNode: number;
  procsPerVm: number;
  cpuSeconds: number;
}

export const SCALE: ScaleScenario = { nodes: 1024, vmsPerNode: 8, procsPerVm: 8, cpuSeconds: 1 };

export function scaleStackYaml({ nodes, vmsPerNode, procsPerVm, cpuSeconds }: ScaleScenario): string {
  const lines = [`name: SimGrid scale scenario (${nodes} nodes, ${nodes * vmsPerNode} VMs, ${nodes * vmsPerNode * procsPerVm} processes)`, 'layers:'];
  for (let n = 0; n < nodes; n++) {
    lines.push(`  - { id: N${n}, kind: node, cpus: ${vmsPerNode}, memoryMiB: ${vmsPerNode * 1024 + 1024} }`);
    lines.push(`  - { id: xen${n}, kind: hypervisor, product: xen, on: N${n} }`);
    for (let v = 0; v < vmsPerNode; v++) {
      const id = `${n}_${v}`;
      lines.push(`  - { id: vm${id}, kind: vm, vcpus: 1, memoryMiB: 1024, on: xen${n} }`);
      lines.push(`  - { id: os${id}, kind: os, product: linux, on: vm${id} }`);
      lines.push(`  - { id: app${id}, kind: app, workload: custom, processes: ${procsPerVm}, cpuSeconds: ${cpuSeconds}, on: os${id} }`);
    }
  }
  return lines.join('\n') + '\n';
}
