/**
 * What a stack becomes on this host when it runs for real (docs/real-runs.md): which
 * layers QEMU guests, namespaces and cgroups can stand for, which stay simulated and why,
 * and how this host's CPUs are sliced into the stack's nodes. Pure: the backend boots what
 * this decides; the builder and lesson cells show the same decisions as badges.
 */
import { childrenOf, firstParentOf, resolveStack, type Layer, type Stack, type StackGraph } from '../stack';

/** What this host offers a real run. */
export interface HostFacts {
  /** The host CPUs this process may run on (its affinity), e.g. [0, 1]. */
  cpuIds: readonly number[];
  /** The accelerator QEMU uses here. */
  accel: 'kvm' | 'hvf' | 'whpx' | 'tcg';
}

/** One layer's fate: real (and what it becomes), or simulated (and why). */
export interface LayerRealization {
  real: boolean;
  /** Real: what it becomes on this host. Simulated: why it cannot be real here. One sentence. */
  why: string;
}

/** A node as a slice of this host: the host CPUs its guests are pinned to. */
export interface NodeSlice {
  node: string;
  hostCpus: number[];
  /** CPUs of the slice as the comparison simulation sees them. */
  cpus: number;
  /** Below 1 when several nodes share a host CPU (each gets its share of it). */
  speed: number;
  /** Said plainly, for the result. */
  text: string;
}

/** A vm that boots as a QEMU guest. */
export interface GuestPlan {
  vm: string;
  node: string;
  /** The guest Linux standing on the vm. */
  os: string;
  vcpus: number;
  memoryMiB: number;
}

/** A container as a cgroup (and namespaces) inside a guest. */
export interface ContainerPlan {
  id: string;
  vm: string;
  /** The container it is nested in, when it is. */
  parent?: string;
  cpus?: number;
  memoryMiB?: number;
}

/** An app as a workload in a guest, inside its container's cgroup when it has one. */
export interface AppPlan {
  id: string;
  vm: string;
  container?: string;
  layer: Extract<Layer, { kind: 'app' }>;
}

export interface Realization {
  layers: Record<string, LayerRealization>;
  /** False when nothing of the stack can be real: the run offers the simulation instead. */
  realizable: boolean;
  slices: NodeSlice[];
  guests: GuestPlan[];
  containers: ContainerPlan[];
  apps: AppPlan[];
}

/** Guest memory bounds: Strata's guest needs 128 MiB (docs/qemu.md); above 256 MiB this shared host gains nothing for busybox workloads. */
export const GUEST_MEMORY_MIB = { min: 128, max: 256 } as const;
/** QEMU guests get at most this many vCPUs (the API's limit). */
export const GUEST_MAX_VCPUS = 4;

const SIMULATED_PRODUCT: Record<string, string> = {
  xen: 'Xen is a Type I hypervisor that must boot the machine itself, and this host runs its own kernel, so it stays simulated.',
  'vmware-esx': 'VMware ESX is a proprietary Type I hypervisor that must boot the machine itself, so it stays simulated.',
  'vmware-workstation': 'VMware Workstation is proprietary and not installed here; only QEMU runs guests, so it stays simulated.',
  virtualbox: 'VirtualBox is not what Strata runs guests with (QEMU is), so it stays simulated.',
  vsmp: 'vSMP joins physical machines with ScaleMP firmware, and the nodes here are slices of one host, so it stays simulated.',
  kerrighed: "Kerrighed needs its own patched Linux 2.6 kernel, which Strata's guest image does not have, so it stays simulated.",
  openssi: "OpenSSI needs its own patched Linux kernel, which Strata's guest image does not have, so it stays simulated.",
  mosix: "MOSIX needs its own patched Linux kernel, which Strata's guest image does not have, so it stays simulated.",
  windows: "Windows cannot boot here: Strata's guest image is Linux only and Windows needs a licence, so it stays simulated.",
  macos: "macOS runs only on Apple hardware under Apple's licence, so it stays simulated.",
};

/**
 * Decides, layer by layer, what runs for real on `host`. Without an accelerator (the
 * canvas's badges, shown before anything probed one) the decisions are the same and only
 * a hypervisor's sentence leaves it open.
 */
export function realize(stack: Stack, host: Omit<HostFacts, 'accel'> & { accel?: HostFacts['accel'] }): Realization {
  const graph = resolveStack(stack);
  const layers: Record<string, LayerRealization> = {};
  const real = (id: string | undefined): boolean => (id ? (layers[id]?.real ?? false) : false);
  // Bottom-up decisions need to know whether a real hypervisor stands higher up, so
  // hypervisors are decided first, then every layer in build order.
  const hypervisors = new Map<string, LayerRealization>();
  for (const id of graph.order) {
    const layer = graph.facts.get(id)!.layer;
    if (layer.kind === 'hypervisor') hypervisors.set(id, hypervisorFate(graph, layer, host));
  }
  for (const id of graph.order) {
    const layer = graph.facts.get(id)!.layer;
    layers[id] = fate(graph, layer, hypervisors, real);
  }
  // Layers left out of the build order (cycles) are never real.
  for (const layer of stack.layers) layers[layer.id] ??= { real: false, why: 'It stands on a cycle of layers, so nothing can boot it.' };

  const guests: GuestPlan[] = [];
  const containers: ContainerPlan[] = [];
  const apps: AppPlan[] = [];
  // Containers in build order (a parent before what it holds); guests and apps in file order.
  const containerFirst = [
    ...graph.order.filter((id) => graph.facts.get(id)!.layer.kind === 'container'),
    ...stack.layers.map((l) => l.id).filter((id) => graph.facts.get(id)?.layer.kind !== 'container'),
  ];
  for (const id of containerFirst) {
    if (!real(id)) continue;
    const layer = graph.facts.get(id)!.layer;
    if (layer.kind === 'vm') {
      const hypervisor = firstParentOf(graph, id)!;
      const node = firstParentOf(graph, firstParentOf(graph, hypervisor.id)!.id)!;
      const os = childrenOf(graph, id).find((l) => l.kind === 'os')!;
      guests.push({ vm: id, node: node.id, os: os.id, vcpus: Math.min(layer.vcpus, GUEST_MAX_VCPUS), memoryMiB: clampMemory(layer.memoryMiB) });
    } else if (layer.kind === 'container') {
      const parent = firstParentOf(graph, id)!;
      containers.push({
        id,
        vm: vmOf(graph, id)!,
        ...(parent.kind === 'container' ? { parent: parent.id } : {}),
        cpus: layer.cpus,
        memoryMiB: layer.memoryMiB,
      });
    } else if (layer.kind === 'app') {
      const parent = firstParentOf(graph, id)!;
      apps.push({ id, vm: vmOf(graph, id)!, ...(parent.kind === 'container' ? { container: parent.id } : {}), layer });
    }
  }
  const realNodes = stack.layers.filter((l) => l.kind === 'node' && real(l.id)) as Array<Extract<Layer, { kind: 'node' }>>;
  return { layers, realizable: guests.length > 0, slices: sliceHost(realNodes, host.cpuIds), guests, containers, apps };
}

function clampMemory(memoryMiB: number): number {
  return Math.round(Math.min(GUEST_MEMORY_MIB.max, Math.max(GUEST_MEMORY_MIB.min, memoryMiB)));
}

/** The vm a layer runs in (through its os and containers), if any. */
function vmOf(graph: StackGraph, id: string): string | undefined {
  for (let layer = firstParentOf(graph, id); layer; layer = firstParentOf(graph, layer.id)) if (layer.kind === 'vm') return layer.id;
  return undefined;
}

function hypervisorFate(graph: StackGraph, layer: Extract<Layer, { kind: 'hypervisor' }>, host: { accel?: HostFacts['accel'] }): LayerRealization {
  if (layer.product !== 'qemu' && layer.product !== 'kvm') return { real: false, why: SIMULATED_PRODUCT[layer.product]! };
  const below = firstParentOf(graph, layer.id);
  if (below?.kind !== 'os')
    return {
      real: false,
      why: `${layer.product === 'kvm' ? 'KVM' : 'QEMU'} on ${below ? `a ${below.kind}` : 'nothing'} is not run for real: only a hypervisor on a node's Linux is.`,
    };
  if (below.product !== 'linux') return { real: false, why: SIMULATED_PRODUCT[below.product]! };
  const machine = firstParentOf(graph, below.id);
  if (machine?.kind !== 'node') return { real: false, why: 'A hypervisor inside a guest means nested virtualization, which a real run does not do yet.' };
  if (host.accel === undefined)
    return { real: true, why: "Its VMs become QEMU processes on this host, run with KVM where it is usable, else by QEMU's TCG emulation." };
  const accel = host.accel === 'tcg' ? "QEMU's TCG emulation" : `QEMU with ${host.accel.toUpperCase()}`;
  const kvmNote = layer.product === 'kvm' && host.accel !== 'kvm' ? ' (KVM is not usable on this host, so its guests are emulated)' : '';
  return { real: true, why: `Its VMs become QEMU processes on this host, run by ${accel}${kvmNote}.` };
}

function fate(
  graph: StackGraph,
  layer: Layer,
  hypervisors: ReadonlyMap<string, LayerRealization>,
  real: (id: string | undefined) => boolean,
): LayerRealization {
  const parent = firstParentOf(graph, layer.id);
  const standsOnSimulated = (): LayerRealization => ({
    real: false,
    why: parent ? `It stands on ${parent.id}, which is simulated.` : 'It stands on nothing that can run.',
  });
  switch (layer.kind) {
    case 'node': {
      const hosts = childrenOf(graph, layer.id).some((os) => os.kind === 'os' && childrenOf(graph, os.id).some((h) => hypervisors.get(h.id)?.real));
      return hosts
        ? { real: true, why: 'A slice of this host: its guests are pinned to the host CPUs it gets.' }
        : { real: false, why: 'No QEMU or KVM guest runs on it, so it stays simulated.' };
    }
    case 'hypervisor':
      return hypervisors.get(layer.id)!;
    case 'vm': {
      if (!parent || !hypervisors.get(parent.id)?.real) return standsOnSimulated();
      if (layer.arch !== undefined && layer.arch !== 'x86_64')
        return { real: false, why: `Strata's guest image is built for x86_64, not ${layer.arch}, so it stays simulated.` };
      const oses = childrenOf(graph, layer.id).filter((l) => l.kind === 'os');
      const other = oses.find((o) => o.kind === 'os' && o.product !== 'linux');
      if (other?.kind === 'os') return { real: false, why: SIMULATED_PRODUCT[other.product]! };
      if (oses.length === 0) return { real: false, why: 'No Linux boots in it, so there is nothing to run.' };
      return { real: true, why: "A QEMU guest booting Strata's Debian kernel and busybox." };
    }
    case 'os': {
      if (layer.product !== 'linux') return { real: false, why: SIMULATED_PRODUCT[layer.product]! };
      if (parent?.kind === 'vm') return real(parent.id) ? { real: true, why: "The guest's Linux kernel (Debian's cloud kernel)." } : standsOnSimulated();
      if (parent?.kind === 'node' && childrenOf(graph, layer.id).some((h) => hypervisors.get(h.id)?.real)) {
        return { real: true, why: "This host's own Linux: the QEMU processes of its guests run on it." };
      }
      return { real: false, why: "A node's own Linux would be this host's, and Strata runs workloads only inside guests, so it stays simulated." };
    }
    case 'ssi':
      return { real: false, why: SIMULATED_PRODUCT[layer.product]! };
    case 'container':
      if (!inGuest(graph, layer.id, real))
        return parent && real(parent.id)
          ? { real: false, why: "A container on a node's own Linux would run on this host; Strata runs containers only inside guests." }
          : standsOnSimulated();
      return {
        real: true,
        why: `Linux namespaces (PID, mount, UTS, IPC) and a cgroup in the guest${layer.product === 'lxc' ? '' : `, as ${layer.product === 'docker' ? 'Docker' : 'OpenVZ'} would make them`}.`,
      };
    case 'app':
      if (!inGuest(graph, layer.id, real))
        return parent && real(parent.id)
          ? { real: false, why: "An app on a node's own Linux would run on this host; Strata runs workloads only inside guests." }
          : standsOnSimulated();
      return { real: true, why: WORKLOAD_AS[layer.workload] };
  }
}

/** Whether a layer's parent chain reaches a real guest Linux through real layers only. */
function inGuest(graph: StackGraph, id: string, real: (id: string | undefined) => boolean): boolean {
  for (let layer = firstParentOf(graph, id); layer; layer = firstParentOf(graph, layer.id)) {
    if (!real(layer.id)) return false;
    if (layer.kind === 'os') return firstParentOf(graph, layer.id)?.kind === 'vm';
  }
  return false;
}

/** What each app kind becomes in a guest, all of it busybox (docs/real-runs.md, "The workloads"). */
const WORKLOAD_AS: Record<Extract<Layer, { kind: 'app' }>['workload'], string> = {
  mrbayes: 'A CPU-bound stand-in for MrBayes: busybox awk processes, one per rank, its progress that of the slowest rank.',
  'kernel-make':
    'A parallel build made of busybox: -j workers claim objects one by one and compile each in short processes (sed, awk, rm) reading and writing files, then a link step.',
  apache:
    "busybox httpd serving a CGI page that spins each request's CPU time, under Poisson load from busybox wget in the guest's own Linux; throughput and p99 latency are measured.",
  custom: 'Independent CPU-bound busybox awk processes.',
};

/**
 * Gives each real node a slice of this host's CPUs: an equal share of whole CPUs when
 * there are at least as many CPUs as nodes, else one CPU shared by several nodes.
 */
export function sliceHost(nodes: ReadonlyArray<Extract<Layer, { kind: 'node' }>>, cpuIds: readonly number[]): NodeSlice[] {
  const h = Math.max(1, cpuIds.length);
  const ids = cpuIds.length > 0 ? cpuIds : [0];
  const cpuList = (cpus: number[]): string => (cpus.length === 1 ? `CPU ${cpus[0]}` : `CPUs ${cpus.join(', ')}`);
  if (nodes.length <= h) {
    const base = Math.floor(h / Math.max(1, nodes.length));
    const extra = h % Math.max(1, nodes.length);
    let next = 0;
    return nodes.map((node, i) => {
      const given = ids.slice(next, next + base + (i < extra ? 1 : 0));
      next += given.length;
      const cpus = given.slice(0, Math.max(1, Math.min(node.cpus, given.length)));
      const fewer = node.cpus > cpus.length ? ` (it has ${node.cpus} in the stack)` : '';
      return {
        node: node.id,
        hostCpus: cpus,
        cpus: cpus.length,
        speed: 1,
        text: `${node.id} gets host ${cpuList(cpus)}: ${cpus.length} CPU${cpus.length > 1 ? 's' : ''}${fewer}.`,
      };
    });
  }
  return nodes.map((node, i) => {
    const cpu = ids[i % h]!;
    const sharing = nodes.filter((_, j) => j % h === i % h).map((n) => n.id);
    const share = 1 / sharing.length;
    return {
      node: node.id,
      hostCpus: [cpu],
      cpus: 1,
      speed: share,
      text: `${node.id} shares host CPU ${cpu} with ${sharing.filter((n) => n !== node.id).join(', ')}: about ${Math.round(share * 100)} % of one CPU${node.cpus > 1 ? ` (it has ${node.cpus} in the stack)` : ''}.`,
    };
  });
}
