import type { Finding, Layer, Stack } from '../../../../core/stack';

/** The class of a layer (CONTRACTS.md, "Classes and views"); each has a colour in theme.css. */
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

/** Every class, bottom of a stack first: the legend's order. */
export const layerClasses: readonly LayerClass[] = [
  'hardware',
  'aggregation-hypervisor',
  'hypervisor-type1',
  'hypervisor-type2',
  'emulator',
  'virtual-hardware',
  'emulated-hardware',
  'os-kernel',
  'ssi-aggregate',
  'os-virtualization',
  'application',
];

/** What an app sees (CONTRACTS.md `views`). */
export interface AppView {
  cpus: number;
  memoryMiB: number;
  arch: string;
  kernel: string | null;
  sharesKernelWith: string[];
  failureDomains: string[];
}

/** Everything the builder shows about a stack's correctness. */
export interface StackCheck {
  findings: Finding[];
  classes: Record<string, LayerClass>;
  views: Record<string, AppView>;
}

/** The class of one layer from the contract's table; a vm is emulated hardware under QEMU or on another arch. */
export function classOf(layer: Layer, byId: ReadonlyMap<string, Layer>): LayerClass {
  switch (layer.kind) {
    case 'node':
      return 'hardware';
    case 'hypervisor':
      if (layer.product === 'vsmp') return 'aggregation-hypervisor';
      if (layer.product === 'qemu') return 'emulator';
      return layer.product === 'xen' || layer.product === 'vmware-esx' ? 'hypervisor-type1' : 'hypervisor-type2';
    case 'vm': {
      const host = typeof layer.on === 'string' ? byId.get(layer.on) : undefined;
      return host?.kind === 'hypervisor' && host.product === 'qemu' ? 'emulated-hardware' : 'virtual-hardware';
    }
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

/** Classes of every layer of a stack. */
export function classesOf(stack: Stack): Record<string, LayerClass> {
  const byId = new Map(stack.layers.map((l) => [l.id, l]));
  return Object.fromEntries(stack.layers.map((l) => [l.id, classOf(l, byId)]));
}
