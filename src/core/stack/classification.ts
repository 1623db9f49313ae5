import { runsNatively } from './virtualizationRules';
import { techniqueOf, type LayerFacts, type StackGraph } from './stackGraph';
import type { Arch, Layer } from './stackSchema';

/**
 * The classes of layers, extending Goldberg's classification as the seminar's future work
 * asks: hardware, emulated and virtual hardware, the kinds of virtualization, kernels,
 * SSIs and containers.
 */
export type LayerClass =
  | 'hardware'
  | 'aggregation-hypervisor'
  | 'hypervisor-type1'
  | 'hypervisor-type2'
  | 'emulator'
  | 'virtual-hardware'
  | 'emulated-hardware'
  | 'os-kernel'
  | 'ssi-aggregate'
  | 'os-virtualization'
  | 'application';

/** What an application sees (docs/stack-format.md, "Classes and views"). */
export interface AppView {
  cpus: number;
  memoryMiB: number;
  arch: Arch;
  /** The layer id of the kernel its processes run on (an os, or an ssi). */
  kernel: string;
  /** The other apps on the same kernel, sorted. */
  sharesKernelWith: string[];
  /** The physical nodes whose failure takes it down, sorted. */
  failureDomains: string[];
}

/** One sentence per class, for the builder's legend and the lessons. */
export const classExplanations: Readonly<Record<LayerClass, string>> = {
  hardware: 'A physical machine: CPUs, memory and devices.',
  'aggregation-hypervisor': 'Joins several machines into one larger virtual machine below the OS (ScaleMP vSMP): the opposite of partitioning.',
  'hypervisor-type1': 'Runs on the hardware and partitions it into virtual machines, with no host OS below it (Xen, VMware ESX).',
  'hypervisor-type2':
    'Runs as part of a host OS and makes virtual machines of its processes (VMware Workstation, VirtualBox, KVM). KVM is a Linux kernel module, so some call it Type I: the kernel it turns into a hypervisor runs on the hardware.',
  emulator:
    "Translates every instruction of the guest in software (QEMU's TCG): it runs anywhere and can show another architecture, but is an order of magnitude slower.",
  'virtual-hardware': 'A virtual machine whose instructions run on the real CPU, its sensitive operations trapped, translated or paravirtualized.',
  'emulated-hardware': "A virtual machine made by an emulator, possibly of another architecture than the host's.",
  'os-kernel': 'An operating-system kernel: it owns the (virtual) machine and runs processes.',
  'ssi-aggregate': 'A single-system image: kernels of several machines cooperating so that processes see one machine with all their CPUs and memory.',
  'os-virtualization': 'A container: processes isolated by the kernel they share, with limits on what they may use.',
  application: 'Processes doing the work.',
};

/** Each layer's class. Layers that cannot be resolved still get the class of their kind. */
export function classifyLayers(graph: StackGraph): Record<string, LayerClass> {
  const classes: Record<string, LayerClass> = {};
  for (const f of graph.layerFacts) classes[f.layer.id] = classOf(f);
  return classes;
}

/**
 * The class a layer of this kind (and, for a hypervisor, product) has before its place in
 * a stack is known: the builder's palette colours its items with it. Only a vm's class
 * depends on where it stands (see {@link classifyLayers}).
 */
export function kindClass(kind: Layer['kind'], product?: string): LayerClass {
  switch (kind) {
    case 'node':
      return 'hardware';
    case 'hypervisor':
      if (product === 'vsmp') return 'aggregation-hypervisor';
      if (product === 'xen' || product === 'vmware-esx') return 'hypervisor-type1';
      return product === 'qemu' ? 'emulator' : 'hypervisor-type2';
    case 'vm':
      return 'virtual-hardware';
    case 'os':
      return 'os-kernel';
    case 'ssi':
      return 'ssi-aggregate';
    case 'container':
      return 'os-virtualization';
    case 'app':
      return 'application';
  }
}

function classOf(f: LayerFacts): LayerClass {
  const layer = f.layer;
  if (layer.kind !== 'vm') return kindClass(layer.kind, layer.kind === 'hypervisor' ? layer.product : undefined);
  const h = f.parents[0]?.layer;
  const host = f.parents[0]?.arch;
  const emulated =
    (h?.kind === 'hypervisor' && techniqueOf(h) === 'emulation') || (layer.arch !== undefined && host !== undefined && !runsNatively(host, layer.arch));
  return emulated ? 'emulated-hardware' : 'virtual-hardware';
}

/**
 * What each app sees. Apps whose kernel cannot be resolved (broken references, cycles)
 * have no view.
 */
export function appViews(graph: StackGraph): Record<string, AppView> {
  const byKernel = new Map<string, string[]>();
  const resolved: LayerFacts[] = [];
  for (const f of graph.layerFacts) {
    const id = f.layer.id;
    const kernel = f.kernel;
    if (f.layer.kind !== 'app' || kernel === undefined) continue;
    resolved.push(f);
    const apps = byKernel.get(kernel);
    if (apps) apps.push(id);
    else byKernel.set(kernel, [id]);
  }
  for (const apps of byKernel.values()) apps.sort();
  const views: Record<string, AppView> = {};
  for (const f of resolved) {
    const id = f.layer.id;
    const kernel = f.kernel as string;
    const kernelFacts = graph.facts.get(kernel);
    const seen = f.visible;
    const arch = kernelFacts?.arch;
    if (!seen || !arch) continue;
    views[id] = {
      cpus: seen.cpus,
      memoryMiB: seen.memoryMiB,
      arch,
      kernel,
      sharesKernelWith: (byKernel.get(kernel) ?? []).filter((other) => other !== id),
      // An app runs on its kernel's nodes or on some of them (an os member of an SSI), and
      // its kernel's nodes are what can take it down.
      failureDomains: [...(kernelFacts?.nodes ?? [])],
    };
  }
  return views;
}
