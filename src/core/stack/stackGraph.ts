import type { Arch, HypervisorLayer, HypervisorProduct, Layer, Stack, Technique } from './stackSchema';

/**
 * A stack with its `on` references resolved: what stands on what, in an order where
 * every layer comes after what it stands on. Rules, classification and the simulator
 * read stacks through this. Layers on a cycle, or standing on one, are left out of
 * `order`, and every helper treats them as unresolved.
 */
export interface StackGraph {
  readonly stack: Stack;
  /** Each id's layer; with duplicated ids, the first one in the file. */
  readonly byId: ReadonlyMap<string, Layer>;
  /** Each id's index in `stack.layers` (the first one for duplicated ids). */
  readonly indexOf: ReadonlyMap<string, number>;
  /** The known ids each layer stands on, in the order written. */
  readonly below: ReadonlyMap<string, readonly string[]>;
  /** The ids standing on each layer, in file order. */
  readonly above: ReadonlyMap<string, readonly string[]>;
  /** Ids bottom-up: every layer after all it stands on. */
  readonly order: readonly string[];
  /** Ids of layers that stand, through `on`, on themselves. */
  readonly cyclic: ReadonlySet<string>;
  /** Memoized derived facts; read them through the helper functions. */
  readonly derived: Derived;
}

interface Derived {
  nodes: Map<string, readonly string[]>;
  machines: Map<string, readonly string[]>;
  arch: Map<string, Arch>;
  capacity: Map<string, Capacity>;
  ssiOf: Map<string, string>;
}

/** CPUs and memory a layer offers to what stands on it. */
export interface Capacity {
  cpus: number;
  memoryMiB: number;
}

const noIds: readonly string[] = Object.freeze([]);

/** The ids a layer names with `on`, as a list (empty when it has none). */
export function onIds(layer: Layer): readonly string[] {
  if (layer.on === undefined) return noIds;
  return typeof layer.on === 'string' ? [layer.on] : layer.on;
}

/** The technique a hypervisor uses: the one it sets, else its product's default (none for vsmp). */
export function techniqueOf(layer: HypervisorLayer): Technique | undefined {
  return layer.technique ?? defaultTechnique[layer.product];
}

/** Each hypervisor product's technique when a layer sets none (CONTRACTS.md). */
export const defaultTechnique: Readonly<Record<HypervisorProduct, Technique | undefined>> = {
  xen: 'pv',
  'vmware-esx': 'hw',
  vsmp: undefined,
  'vmware-workstation': 'hw',
  virtualbox: 'hw',
  kvm: 'hw',
  qemu: 'emulation',
};

/** Resolves a stack's references once; linear in the number of layers and references. */
export function resolveStack(stack: Stack): StackGraph {
  const byId = new Map<string, Layer>();
  const indexOf = new Map<string, number>();
  stack.layers.forEach((layer, i) => {
    if (!byId.has(layer.id)) {
      byId.set(layer.id, layer);
      indexOf.set(layer.id, i);
    }
  });
  const below = new Map<string, readonly string[]>();
  const above = new Map<string, string[]>();
  for (const id of byId.keys()) above.set(id, []);
  for (const [id, layer] of byId) {
    const known = onIds(layer).filter((ref, i, all) => byId.has(ref) && all.indexOf(ref) === i);
    below.set(id, known);
    for (const ref of known) above.get(ref)?.push(id);
  }
  const order = topologicalOrder(byId, below, above);
  const cyclic = order.length === byId.size ? new Set<string>() : cycleMembers(byId, below, new Set(order));
  const graph: StackGraph = { stack, byId, indexOf, below, above, order, cyclic, derived: { nodes: new Map(), machines: new Map(), arch: new Map(), capacity: new Map(), ssiOf: new Map() } };
  derive(graph);
  return graph;
}

/** The layer with this id, if any. */
export function layerById(graph: StackGraph, id: string): Layer | undefined {
  return graph.byId.get(id);
}

/** The layers standing directly on `id`, in file order. */
export function childrenOf(graph: StackGraph, id: string): Layer[] {
  return (graph.above.get(id) ?? noIds).map((child) => graph.byId.get(child)).filter((l): l is Layer => l !== undefined);
}

/** The layers `id` stands on directly. */
export function parentsOf(graph: StackGraph, id: string): Layer[] {
  return (graph.below.get(id) ?? noIds).map((p) => graph.byId.get(p)).filter((l): l is Layer => l !== undefined);
}

/**
 * The physical nodes a layer ultimately runs on, sorted: the nodes whose failure takes it
 * down. An SSI or a vsmp runs on all of its members' nodes.
 */
export function nodesUnder(graph: StackGraph, id: string): readonly string[] {
  return graph.derived.nodes.get(id) ?? noIds;
}

/** The CPU architecture a layer runs on (a vm's own, else its host's), if resolvable. */
export function archOf(graph: StackGraph, id: string): Arch | undefined {
  return graph.derived.arch.get(id);
}

/**
 * The CPUs and memory a layer offers to what stands on it: a node's, a vm's virtual
 * hardware, the sum over a vsmp's nodes or an SSI's members. An os, a container, an app or
 * a hosted hypervisor offers what its processes see (`visibleCapacityOf`); a Type I
 * hypervisor passes on its machine's.
 */
export function capacityOf(graph: StackGraph, id: string): Capacity | undefined {
  const layer = graph.byId.get(id);
  if (!layer) return undefined;
  if (runsOnKernel(layer)) return visibleCapacityOf(graph, id);
  return graph.derived.capacity.get(id);
}

/**
 * What processes running on a layer see: the CPUs and memory of their kernel (a whole
 * SSI when the kernel is one), within the caps of every container in between.
 */
export function visibleCapacityOf(graph: StackGraph, id: string): Capacity | undefined {
  let cpus = Infinity;
  let memoryMiB = Infinity;
  let current: string | undefined = id;
  for (let guard = 0; current !== undefined && guard <= graph.byId.size; guard++) {
    const layer = graph.byId.get(current);
    if (!layer || graph.cyclic.has(current)) return undefined;
    if (layer.kind === 'os' || layer.kind === 'ssi') {
      const kernel = graph.derived.capacity.get(kernelOf(graph, current) ?? current);
      return kernel && { cpus: Math.min(cpus, kernel.cpus), memoryMiB: Math.min(memoryMiB, kernel.memoryMiB) };
    }
    if (layer.kind === 'container') {
      cpus = Math.min(cpus, layer.cpus ?? Infinity);
      memoryMiB = Math.min(memoryMiB, layer.memoryMiB ?? Infinity);
    } else if (!runsOnKernel(layer)) {
      return undefined;
    }
    current = graph.below.get(current)?.[0];
  }
  return undefined;
}

/** The SSI a layer is a member of, if any. */
export function ssiOf(graph: StackGraph, id: string): string | undefined {
  return graph.derived.ssiOf.get(id);
}

/**
 * The kernel a layer's processes run on: for an os or ssi itself, for a container, app or
 * hosted hypervisor the kernel below it. An os that is an SSI member gives the SSI: its
 * processes belong to the single system image. Hardware, vms and Type I hypervisors run no
 * kernel of their own, so they have none.
 */
export function kernelOf(graph: StackGraph, id: string): string | undefined {
  let current: string | undefined = id;
  for (let guard = 0; current !== undefined && guard <= graph.byId.size; guard++) {
    const layer = graph.byId.get(current);
    if (!layer || graph.cyclic.has(current)) return undefined;
    if (layer.kind === 'ssi') return current;
    if (layer.kind === 'os') return graph.derived.ssiOf.get(current) ?? current;
    const hosted = layer.kind === 'container' || layer.kind === 'app' || (layer.kind === 'hypervisor' && isHosted(layer.product));
    if (!hosted) return undefined;
    current = graph.below.get(current)?.[0];
  }
  return undefined;
}

/** Layers whose processes see a kernel's resources rather than a machine's. */
function runsOnKernel(layer: Layer): boolean {
  return layer.kind === 'os' || layer.kind === 'ssi' || layer.kind === 'container' || layer.kind === 'app' || (layer.kind === 'hypervisor' && isHosted(layer.product));
}

/** Products that run as programs on a kernel rather than on hardware. */
function isHosted(product: HypervisorProduct): boolean {
  return product === 'vmware-workstation' || product === 'virtualbox' || product === 'kvm' || product === 'qemu';
}

/**
 * The machines whose CPUs a layer's code runs on: itself for a node or vm, a vsmp's
 * nodes, an SSI's members' machines, else those of what it stands on. The nesting rules
 * read this: a hypervisor inside a vm sees that vm's virtual CPU.
 */
export function machinesOf(graph: StackGraph, id: string): readonly string[] {
  return graph.derived.machines.get(id) ?? noIds;
}

/** Kahn's algorithm: bottom-up order of every layer not on or above a cycle. */
function topologicalOrder(byId: ReadonlyMap<string, Layer>, below: ReadonlyMap<string, readonly string[]>, above: ReadonlyMap<string, readonly string[]>): string[] {
  const pending = new Map<string, number>();
  const order: string[] = [];
  for (const id of byId.keys()) {
    const n = below.get(id)?.length ?? 0;
    pending.set(id, n);
    if (n === 0) order.push(id);
  }
  for (let i = 0; i < order.length; i++) {
    for (const child of above.get(order[i] as string) ?? noIds) {
      const left = (pending.get(child) ?? 0) - 1;
      pending.set(child, left);
      if (left === 0) order.push(child);
    }
  }
  return order;
}

/** Layers on a cycle: members of a strongly connected component of two or more, or self-references (iterative Tarjan). */
function cycleMembers(byId: ReadonlyMap<string, Layer>, below: ReadonlyMap<string, readonly string[]>, ordered: ReadonlySet<string>): Set<string> {
  const members = new Set<string>();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  for (const start of byId.keys()) {
    if (ordered.has(start) || index.has(start)) continue;
    const work: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; next: number };
      const refs = (below.get(frame.id) ?? noIds).filter((r) => !ordered.has(r));
      if (frame.next < refs.length) {
        const ref = refs[frame.next++] as string;
        if (!index.has(ref)) {
          index.set(ref, counter);
          low.set(ref, counter++);
          stack.push(ref);
          onStack.add(ref);
          work.push({ id: ref, next: 0 });
        } else if (onStack.has(ref)) {
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(ref) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let popped: string | undefined;
        do {
          popped = stack.pop();
          if (popped !== undefined) {
            onStack.delete(popped);
            component.push(popped);
          }
        } while (popped !== undefined && popped !== frame.id);
        const selfLoop = component.length === 1 && (below.get(frame.id) ?? noIds).includes(frame.id);
        if (component.length > 1 || selfLoop) for (const id of component) members.add(id);
      }
    }
  }
  return members;
}

/** Fills the memo tables bottom-up, so each fact costs one visit per layer. */
function derive(graph: StackGraph): void {
  const { nodes, machines, arch, capacity, ssiOf: memberOf } = graph.derived;
  for (const id of graph.order) {
    const layer = graph.byId.get(id) as Layer;
    const parents = graph.below.get(id) ?? noIds;
    if (layer.kind === 'ssi') for (const m of parents) if (!memberOf.has(m)) memberOf.set(m, id);

    nodes.set(id, layer.kind === 'node' ? [id] : union(parents, nodes));
    machines.set(id, layer.kind === 'node' || layer.kind === 'vm' ? [id] : union(parents, machines));

    const first = parents[0];
    const parentArch = first !== undefined ? arch.get(first) : undefined;
    const ownArch = layer.kind === 'node' ? layer.arch : layer.kind === 'vm' ? (layer.arch ?? parentArch) : parentArch;
    if (ownArch !== undefined) arch.set(id, ownArch);

    const own = ownCapacity(layer, parents, capacity);
    if (own) capacity.set(id, own);
  }
}

/** The union of the parents' lists; a single parent's list is shared, not copied, so long chains stay linear. */
function union(parents: readonly string[], lists: ReadonlyMap<string, readonly string[]>): readonly string[] {
  if (parents.length === 1) return lists.get(parents[0] as string) ?? noIds;
  return [...new Set(parents.flatMap((p) => lists.get(p) ?? noIds))].sort();
}

function ownCapacity(layer: Layer, parents: readonly string[], capacity: ReadonlyMap<string, Capacity>): Capacity | undefined {
  if (layer.kind === 'node') return { cpus: layer.cpus, memoryMiB: layer.memoryMiB };
  if (layer.kind === 'vm') return { cpus: layer.vcpus, memoryMiB: layer.memoryMiB };
  if (layer.kind === 'container' || layer.kind === 'app' || (layer.kind === 'hypervisor' && isHosted(layer.product))) return undefined;
  const below = parents.map((p) => capacity.get(p)).filter((c): c is Capacity => c !== undefined);
  if (below.length === 0) return undefined;
  if (layer.kind === 'ssi' || (layer.kind === 'hypervisor' && layer.product === 'vsmp')) {
    return below.reduce((a, b) => ({ cpus: a.cpus + b.cpus, memoryMiB: a.memoryMiB + b.memoryMiB }));
  }
  // An os or a Type I hypervisor has its machine's resources.
  return below[0];
}
