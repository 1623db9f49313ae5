import { describeLayer } from './layerNames';
import { listIds, type RuleContext } from './ruleContext';
import { firstParentOf, layerById, machinesOf, techniqueOf, type LayerFacts } from './stackGraph';
import type { Arch, HypervisorLayer, HypervisorProduct, Technique, VmLayer } from './stackSchema';

/** The techniques each product offers (vsmp runs no guests, so none). */
export const supportedTechniques: Readonly<Record<HypervisorProduct, readonly Technique[]>> = {
  xen: ['pv', 'hw'],
  'vmware-esx': ['hw', 'bt'],
  vsmp: [],
  'vmware-workstation': ['hw', 'bt'],
  virtualbox: ['hw', 'bt'],
  kvm: ['hw'],
  qemu: ['emulation'],
};

/**
 * Whether a guest of architecture `guest` runs natively on a `host` CPU: the same
 * architecture, or the 32-bit one that a 64-bit CPU of the same family also runs.
 */
export function runsNatively(host: Arch, guest: Arch): boolean {
  return host === guest || (host === 'x86_64' && guest === 'i386') || (host === 'ppc64' && guest === 'ppc') || (host === 'aarch64' && guest === 'arm');
}

/**
 * Techniques against the CPUs they run on: hardware assistance needs VT-x/AMD-V (in a
 * vm, nested), binary translation does not nest, emulation runs anywhere, and a guest of
 * another architecture needs emulation.
 */
export function checkVirtualization(ctx: RuleContext): void {
  const { graph } = ctx;
  const cyclic = graph.cyclic.size > 0 ? graph.cyclic : undefined;
  for (const f of graph.layerFacts) {
    const layer = f.layer;
    if (cyclic?.has(layer.id)) continue;
    if (layer.kind === 'hypervisor') checkHypervisor(ctx, layer);
    else if (layer.kind === 'vm') checkVm(ctx, layer, f.parents[0]);
  }
}

function checkHypervisor(ctx: RuleContext, h: HypervisorLayer): void {
  const { graph } = ctx;
  if (h.technique !== undefined && !supportedTechniques[h.product].includes(h.technique)) {
    const offered = supportedTechniques[h.product];
    ctx.report(
      'technique-unsupported',
      h.id,
      `${h.product} does not use technique ${h.technique}${offered.length > 0 ? `; it offers ${offered.join(' or ')}` : ''}`,
      { field: 'technique' },
    );
    return;
  }
  const technique = techniqueOf(h);
  const machines = machinesOf(graph, h.id).map((m) => layerById(graph, m));
  if (technique === 'hw') {
    for (const m of machines) {
      if (m?.kind === 'node' && !m.virtExtensions) {
        ctx.report(
          'hw-needs-virt-extensions',
          h.id,
          `${describeLayer(h)} uses hardware assistance, but node ${m.id} has no VT-x/AMD-V (virtExtensions: false)`,
          { field: 'technique' },
        );
      } else if (m?.kind === 'vm' && !m.virtExtensions) {
        ctx.report(
          'nested-hw-needs-virt-extensions',
          h.id,
          `${describeLayer(h)} uses hardware assistance inside vm ${m.id}, whose virtual CPU shows no VT-x/AMD-V; set virtExtensions: true on ${m.id} and enable nesting below it (KVM nested=1, VMware "virtualize VT-x")`,
          { field: 'technique' },
        );
      }
    }
  }
  const vms = machines.filter((m): m is VmLayer => m?.kind === 'vm');
  if (technique === 'bt') {
    for (const vm of vms) {
      const outer = firstParentOf(graph, vm.id);
      if (outer?.kind === 'hypervisor' && techniqueOf(outer) === 'bt') {
        ctx.report(
          'bt-in-bt',
          h.id,
          `${describeLayer(h)} translates binaries inside vm ${vm.id} of ${describeLayer(outer)}, itself a binary translator: VMware on VMware did not run in the seminar`,
          { field: 'technique' },
        );
      }
    }
  }
  if (technique === 'emulation' && vms.length > 0) {
    ctx.report(
      'emulation-in-vm',
      h.id,
      `${describeLayer(h)} emulates inside vm${vms.length > 1 ? 's' : ''} ${listIds(vms.map((v) => v.id))}: it works anywhere, several times slower than hardware-assisted virtualization`,
    );
  }
}

/** A vm against `below`, the facts of what it stands on. */
function checkVm(ctx: RuleContext, vm: VmLayer, below: LayerFacts | undefined): void {
  const h = below?.layer;
  if (h?.kind !== 'hypervisor' || h.product === 'vsmp') return;
  const technique = techniqueOf(h);
  if (vm.virtExtensions && (technique === 'bt' || technique === 'pv')) {
    ctx.report(
      'virt-extensions-not-exposed',
      vm.id,
      `vm ${vm.id} asks for VT-x/AMD-V, but ${describeLayer(h)} uses ${technique === 'bt' ? 'binary translation' : 'paravirtualization'} and has none to give`,
      { field: 'virtExtensions' },
    );
  } else if (vm.virtExtensions && technique === 'emulation') {
    ctx.report('tcg-offers-svm-only', vm.id, `vm ${vm.id} is emulated by ${h.id}: its CPU offers AMD-V (svm), never VT-x (vmx)`, { field: 'virtExtensions' });
  }
  const host = below?.arch;
  if (vm.arch !== undefined && host !== undefined && !runsNatively(host, vm.arch) && technique !== 'emulation') {
    ctx.report(
      'arch-needs-emulation',
      vm.id,
      `vm ${vm.id} is ${vm.arch} on ${host.startsWith('ppc') ? 'a' : 'an'} ${host} host, so ${describeLayer(h)} would have to emulate it; only qemu emulates`,
      { field: 'arch' },
    );
  }
}
