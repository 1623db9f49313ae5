import { kindClass, type HypervisorProduct, type Layer, type LayerClass, type LayerKind } from '../../../../core/stack';

/** One entry of the palette: a kind, optionally with a product or workload preset. */
export interface PaletteItem {
  /** Stable key, carried in the drag's dataTransfer. */
  key: string;
  kind: LayerKind;
  label: string;
  /** A hypervisor's, os's, ssi's or container's product, or an app's workload. */
  variant?: string;
  hint: string;
}

/** A palette section: one layer kind and the products a student picks from. */
export interface PaletteGroup {
  title: string;
  items: PaletteItem[];
}

const item = (kind: LayerKind, label: string, hint: string, variant?: string): PaletteItem => ({
  key: variant ? `${kind}:${variant}` : kind,
  kind,
  label,
  hint,
  ...(variant !== undefined ? { variant } : {}),
});

/** The palette, bottom of a stack first, as the seminar's slides build them. */
export const paletteGroups: readonly PaletteGroup[] = [
  { title: 'Hardware', items: [item('node', 'Node', 'A physical machine: the bottom of every stack')] },
  {
    title: 'Type I hypervisor',
    items: [
      item('hypervisor', 'Xen', 'Type I, paravirtualization; drop on a node', 'xen'),
      item('hypervisor', 'VMware ESX', 'Type I, on bare hardware; drop on a node', 'vmware-esx'),
      item('hypervisor', 'vSMP', 'Aggregates several nodes into one machine', 'vsmp'),
    ],
  },
  {
    title: 'Type II hypervisor',
    items: [
      item('hypervisor', 'VMware Workstation', 'Type II: runs on an OS', 'vmware-workstation'),
      item('hypervisor', 'VirtualBox', 'Type II: runs on an OS', 'virtualbox'),
      item('hypervisor', 'KVM', 'A Linux kernel module; drop on a Linux OS', 'kvm'),
    ],
  },
  { title: 'Emulator', items: [item('hypervisor', 'QEMU', 'Emulates a CPU (TCG); drop on an OS', 'qemu')] },
  { title: 'Virtual machine', items: [item('vm', 'VM', 'Virtual hardware; drop on a hypervisor')] },
  {
    title: 'Operating system',
    items: [
      item('os', 'Linux', 'A kernel; drop on a node or a VM', 'linux'),
      item('os', 'Windows', 'A kernel; drop on a node or a VM', 'windows'),
      item('os', 'macOS', 'A kernel; drop on a node or a VM', 'macos'),
    ],
  },
  {
    title: 'Single system image',
    items: [
      item('ssi', 'Kerrighed', 'Joins Linux members into one machine', 'kerrighed'),
      item('ssi', 'OpenSSI', 'Joins Linux members into one machine', 'openssi'),
      item('ssi', 'MOSIX', 'Joins Linux members into one machine', 'mosix'),
    ],
  },
  {
    title: 'Container',
    items: [
      item('container', 'LXC', 'Shares its kernel; drop on an OS or SSI', 'lxc'),
      item('container', 'OpenVZ', 'Shares its kernel', 'openvz'),
      item('container', 'Docker', 'Shares its kernel', 'docker'),
    ],
  },
  {
    title: 'Application',
    items: [
      item('app', 'MrBayes', 'MPI, CPU intensive', 'mrbayes'),
      item('app', 'make kernel', 'Parallel kernel build', 'kernel-make'),
      item('app', 'Apache', 'A web server, open loop', 'apache'),
      item('app', 'Custom', 'Your own processes and CPU seconds', 'custom'),
    ],
  },
];

const byKey = new Map(paletteGroups.flatMap((g) => g.items).map((i) => [i.key, i]));

/** The palette item a drag carried, if the key is one of ours. */
export function paletteItem(key: string): PaletteItem | undefined {
  return byKey.get(key);
}

/** The prefix of fresh ids per kind, as the slides name layers (N1, VM1, App1). */
const idPrefix: Record<LayerKind, string> = { node: 'N', hypervisor: 'hyp', vm: 'VM', os: 'os', ssi: 'ssi', container: 'ctnr', app: 'app' };

/**
 * An id not yet used in `taken`, ignoring case (`VM1` beside a student's `vm1` reads as
 * the same layer): the kind's prefix and the smallest free number.
 */
export function freshId(kind: LayerKind, taken: ReadonlySet<string>, product?: string): string {
  const prefix = kind === 'hypervisor' && product ? product.replace(/[^A-Za-z0-9]/g, '') : idPrefix[kind];
  const folded = new Set([...taken].map((id) => id.toLowerCase()));
  for (let n = 1; ; n++) if (!folded.has(`${prefix}${n}`.toLowerCase())) return `${prefix}${n}`;
}

/** A new layer of a palette item, with the contract's defaults, standing on `on` when given. */
export function newLayer(entry: PaletteItem, id: string, on?: string | string[]): Layer {
  const placed = on !== undefined ? { on } : {};
  switch (entry.kind) {
    case 'node':
      return { id, kind: 'node', cpus: 2, memoryMiB: 2048, arch: 'x86_64', virtExtensions: true, speed: 1, site: 'default', ...placed };
    case 'hypervisor':
      return { id, kind: 'hypervisor', product: (entry.variant ?? 'xen') as HypervisorProduct, ...placed };
    case 'vm':
      return { id, kind: 'vm', vcpus: 1, memoryMiB: 512, virtExtensions: false, ...placed };
    case 'os':
      return { id, kind: 'os', product: (entry.variant ?? 'linux') as 'linux', ...placed };
    case 'ssi':
      return { id, kind: 'ssi', product: (entry.variant ?? 'kerrighed') as 'kerrighed', ...placed };
    case 'container':
      return { id, kind: 'container', product: (entry.variant ?? 'lxc') as 'lxc', ...placed };
    case 'app':
      return { id, kind: 'app', workload: (entry.variant ?? 'custom') as 'custom', ...placed };
  }
}

/** The class a palette item's layers get, for its swatch. */
export function paletteClass(entry: PaletteItem): LayerClass {
  return kindClass(entry.kind, entry.variant);
}

/** Kinds that stand on several layers at once and are drawn as a band across them. */
export function isAggregate(layer: Layer): boolean {
  return layer.kind === 'ssi' || (layer.kind === 'hypervisor' && layer.product === 'vsmp');
}

/** Human names of products and workloads, for node titles and the legend. */
export const productLabel: Record<string, string> = {
  xen: 'Xen',
  'vmware-esx': 'VMware ESX',
  vsmp: 'vSMP',
  'vmware-workstation': 'VMware Workstation',
  virtualbox: 'VirtualBox',
  kvm: 'KVM',
  qemu: 'QEMU',
  linux: 'Linux',
  windows: 'Windows',
  macos: 'macOS',
  kerrighed: 'Kerrighed',
  openssi: 'OpenSSI',
  mosix: 'MOSIX',
  lxc: 'LXC',
  openvz: 'OpenVZ',
  docker: 'Docker',
  mrbayes: 'MrBayes',
  'kernel-make': 'make kernel',
  apache: 'Apache',
  custom: 'custom',
};

/** What a layer is, in a few words: "Xen", "VM 2 vCPU", "Node 4 CPU". */
export function layerSubtitle(layer: Layer): string {
  switch (layer.kind) {
    case 'node':
      return `${layer.cpus} CPU · ${formatMiB(layer.memoryMiB)}${layer.arch !== 'x86_64' ? ` · ${layer.arch}` : ''}`;
    case 'vm':
      return `${layer.vcpus} vCPU · ${formatMiB(layer.memoryMiB)}${layer.arch ? ` · ${layer.arch}` : ''}`;
    case 'hypervisor':
      return `${productLabel[layer.product] ?? layer.product}${layer.technique ? ` · ${layer.technique}` : ''}`;
    case 'os':
      return `${productLabel[layer.product] ?? layer.product}${layer.role ? ` · ${layer.role}` : ''}`;
    case 'ssi':
    case 'container':
      return productLabel[layer.product] ?? layer.product;
    case 'app':
      return `${productLabel[layer.workload] ?? layer.workload}${layer.processes ? ` × ${layer.processes}` : ''}`;
  }
}

/** 512 MiB, 2 GiB. */
export function formatMiB(mib: number): string {
  return mib >= 1024 && mib % 512 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`;
}
