import { describeLayer } from './layerNames';
import { listIds, type RuleContext } from './ruleContext';
import type { LayerFacts } from './stackGraph';
import type { Layer } from './stackSchema';

/** Products that are Type I hypervisors: they boot on hardware. */
const typeOne = new Set(['xen', 'vmware-esx']);

/**
 * What may stand on what (docs/stack-format.md, "Placement rules"), Xen's dom0, and one
 * system booted per machine. Layers with a wrong number of parents were already reported
 * by the graph checks and are not judged again here.
 */
export function checkPlacement(ctx: RuleContext): void {
  const { graph } = ctx;
  const cyclic = graph.cyclic.size > 0 ? graph.cyclic : undefined;
  for (const f of graph.layerFacts) {
    const layer = f.layer;
    if (cyclic?.has(layer.id)) continue;
    const single = typeof layer.on === 'string' || layer.on?.length === 1;
    if (layer.kind === 'hypervisor' && layer.product === 'vsmp')
      checkVsmp(
        ctx,
        layer,
        f.parents.map((p) => p.layer),
      );
    else if (single) {
      const parent = f.parents[0]?.layer;
      if (parent) checkOne(ctx, layer, parent);
    }
    if (layer.kind === 'hypervisor' && layer.product === 'xen') checkDom0(ctx, layer, f);
    if (layer.kind === 'node' || layer.kind === 'vm' || (layer.kind === 'hypervisor' && layer.product === 'vsmp')) checkOneBoot(ctx, layer, f);
  }
}

/** `the vm x stands on the node y`, worded only for a finding: most layers stand where they may. */
function standsOn(layer: Layer, parent: Layer): string {
  return `${describeLayer(layer)} stands on ${describeLayer(parent)}`;
}

function checkOne(ctx: RuleContext, layer: Layer, parent: Layer): void {
  const isKernel = parent.kind === 'os' || parent.kind === 'ssi';
  switch (layer.kind) {
    case 'container':
      if (!isKernel && parent.kind !== 'container')
        ctx.report(
          'container-needs-kernel',
          layer.id,
          `${standsOn(layer, parent)}, which is no kernel: a container needs an os, an ssi or a container under it`,
          { field: 'on' },
        );
      return;
    case 'app':
      if (!isKernel && parent.kind !== 'container')
        ctx.report('app-needs-kernel', layer.id, `${standsOn(layer, parent)}, which is no kernel: an app needs an os, an ssi or a container under it`, {
          field: 'on',
        });
      return;
    case 'vm':
      if (parent.kind !== 'hypervisor' || parent.product === 'vsmp')
        ctx.report('vm-needs-hypervisor', layer.id, `${standsOn(layer, parent)}; a vm is made by a hypervisor or an emulator (not a vsmp)`, { field: 'on' });
      return;
    case 'os':
      checkOs(ctx, layer, parent);
      return;
    case 'hypervisor':
      if (typeOne.has(layer.product)) {
        const onHardware = parent.kind === 'node' || parent.kind === 'vm' || (parent.kind === 'hypervisor' && parent.product === 'vsmp');
        if (!onHardware)
          ctx.report('type1-needs-hardware', layer.id, `${standsOn(layer, parent)}; a Type I hypervisor boots on a node, a vsmp or (nested) a vm`, {
            field: 'on',
          });
      } else if (!(isKernel || (layer.product === 'qemu' && parent.kind === 'container'))) {
        ctx.report(
          'type2-needs-os',
          layer.id,
          `${standsOn(layer, parent)}; ${layer.product} is a program of a host OS: put it on an os or an ssi${layer.product === 'qemu' ? ' (or a container)' : ''}`,
          { field: 'on' },
        );
      } else if (layer.product === 'kvm' && parent.kind === 'os' && parent.product !== 'linux') {
        ctx.report('kvm-needs-linux', layer.id, `${standsOn(layer, parent)}; KVM is a Linux kernel module and needs a Linux host`, { field: 'on' });
      }
      return;
    default:
      return;
  }
}

function checkOs(ctx: RuleContext, layer: Extract<Layer, { kind: 'os' }>, parent: Layer): void {
  const onXen = parent.kind === 'hypervisor' && parent.product === 'xen';
  if (layer.role === 'dom0') {
    if (!onXen) ctx.report('dom0-only-on-xen', layer.id, `${standsOn(layer, parent)}; only a xen has a dom0`, { field: 'role' });
    else if (layer.product !== 'linux')
      ctx.report('dom0-must-be-linux', layer.id, `${describeLayer(layer)} is the dom0 of ${parent.id}, and Xen's dom0 is a Linux`, { field: 'product' });
    return;
  }
  if (onXen) {
    ctx.report('os-on-xen-is-dom0', layer.id, `${standsOn(layer, parent)}; an os directly on xen is its dom0 (set \`role: dom0\`), guests go on vms`, {
      field: 'on',
    });
    return;
  }
  const onMachine = parent.kind === 'node' || parent.kind === 'vm' || (parent.kind === 'hypervisor' && parent.product === 'vsmp');
  if (!onMachine) ctx.report('os-needs-machine', layer.id, `${standsOn(layer, parent)}; an os boots on a node, a vm or a vsmp`, { field: 'on' });
}

function checkVsmp(ctx: RuleContext, layer: Layer, parents: Layer[]): void {
  const notNodes = parents.filter((p) => p.kind !== 'node');
  if (notNodes.length > 0)
    ctx.report('vsmp-needs-nodes', layer.id, `vsmp ${layer.id} aggregates ${notNodes.map(describeLayer).join(', ')}; it aggregates physical nodes only`, {
      field: 'on',
    });
  const arches = new Set(parents.flatMap((p) => (p.kind === 'node' ? [p.arch] : [])));
  if (arches.size > 1) ctx.report('vsmp-mixed-arch', layer.id, `vsmp ${layer.id} joins nodes of different architectures (${listIds(arches)})`, { field: 'on' });
}

function checkDom0(ctx: RuleContext, xen: Layer, f: LayerFacts): void {
  // Counted first: the list is made only for a xen with several.
  let count = 0;
  for (const c of f.children) if (isDom0(c.layer)) count++;
  if (count === 1) return;
  const dom0s = f.children.map((c) => c.layer).filter(isDom0);
  if (dom0s.length === 0) ctx.report('xen-without-dom0', xen.id, `${describeLayer(xen)} has no dom0 to hold its drivers and start its guests`);
  else if (dom0s.length > 1)
    ctx.report('xen-multiple-dom0', xen.id, `${describeLayer(xen)} has ${dom0s.length} dom0s (${listIds(dom0s.map((d) => d.id))}); it has exactly one`);
}

function isDom0(layer: Layer): boolean {
  return layer.kind === 'os' && layer.role === 'dom0';
}

/** A node, vm or vsmp boots one os, one Type I hypervisor, one vsmp or one SSI membership. */
function checkOneBoot(ctx: RuleContext, machine: Layer, f: LayerFacts): void {
  if (f.children.length < 2) return;
  const boots = f.children
    .map((c) => c.layer)
    .filter((c) => c.kind === 'os' || c.kind === 'ssi' || (c.kind === 'hypervisor' && (typeOne.has(c.product) || c.product === 'vsmp')));
  if (boots.length > 1) {
    ctx.report(
      'machine-boots-one-system',
      machine.id,
      `${describeLayer(machine)} would boot ${boots.length} systems at once (${listIds(boots.map((b) => b.id))}); give each its own vm`,
    );
  }
}
