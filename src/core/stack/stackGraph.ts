import type { Arch, HypervisorLayer, HypervisorProduct, Layer, Stack, Technique } from './stackSchema';

/**
 * A stack with its `on` references resolved: what stands on what, in an order where
 * every layer comes after what it stands on. Rules, classification and the simulator
 * read stacks through this. Layers on a cycle, or standing on one, are left out of
 * `order`, and every helper treats them as unresolved.
 */
export interface StackGraph {
  readonly stack: Stack;
  /** The layers with distinct ids, in file order; with duplicated ids, the first one. */
  readonly layers: readonly Layer[];
  /** What is known of each id's layer: one record, so a lookup gives every fact at once. */
  readonly facts: ReadonlyMap<string, LayerFacts>;
  /** Ids bottom-up: every layer after all it stands on. */
  readonly order: readonly string[];
  /** Ids of layers that stand, through `on`, on themselves. */
  readonly cyclic: ReadonlySet<string>;
  /** The facts of `layers`, in the same order: rules walk these instead of looking each id up. */
  readonly layerFacts: readonly LayerFacts[];
}

/** The resolved facts of one layer; read them through the helper functions. */
export interface LayerFacts {
  readonly layer: Layer;
  /** Its index in `stack.layers` (the first one for duplicated ids). */
  readonly index: number;
  /** The distinct known ids it stands on, in the order written. */
  readonly below: readonly string[];
  /** The ids standing on it, in file order. */
  readonly above: readonly string[];
  /** The records of `below` and `above`. */
  readonly parents: readonly LayerFacts[];
  readonly children: readonly LayerFacts[];
  readonly nodes: readonly string[];
  readonly machines: readonly string[];
  readonly arch: Arch | undefined;
  readonly capacity: Capacity | undefined;
  /** The SSI it is a member of (the least id, when it is wrongly in several: never the file's order, which the check must not depend on). */
  readonly ssi: string | undefined;
  readonly kernel: string | undefined;
  readonly visible: Capacity | undefined;
}

/**
 * The same record while the graph is being resolved, with its parents, children and
 * kernel as records: resolving follows these instead of looking ids up in the map (on a
 * 10,000-layer stack the map lookups were most of the check's time).
 */
interface MutableFacts {
  layer: Layer;
  index: number;
  below: readonly string[];
  /** Shared empty lists until a layer stands on this one: most layers carry none. */
  above: readonly string[];
  nodes: readonly string[];
  machines: readonly string[];
  arch: Arch | undefined;
  capacity: Capacity | undefined;
  ssi: string | undefined;
  kernel: string | undefined;
  visible: Capacity | undefined;
  parents: readonly MutableFacts[];
  children: readonly MutableFacts[];
  /** The records of `ssi` and `kernel`. */
  ssiFacts: MutableFacts | undefined;
  kernelFacts: MutableFacts | undefined;
  /** Parents not yet placed in the build order. */
  pending: number;
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

/** Each hypervisor product's technique when a layer sets none (docs/stack-format.md). */
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
  const facts = new Map<string, MutableFacts>();
  const layers: Layer[] = [];
  const all: MutableFacts[] = [];
  stack.layers.forEach((layer, index) => {
    if (facts.has(layer.id)) return;
    layers.push(layer);
    const f: MutableFacts = {
      layer,
      index,
      below: noIds,
      above: noIds,
      nodes: noIds,
      machines: noIds,
      arch: undefined,
      capacity: undefined,
      ssi: undefined,
      kernel: undefined,
      visible: undefined,
      parents: noFacts,
      children: noFacts,
      ssiFacts: undefined,
      kernelFacts: undefined,
      pending: 0,
    };
    facts.set(layer.id, f);
    all.push(f);
  });
  for (const f of all) {
    resolveRefs(f, facts);
    for (const p of f.parents) {
      if (p.children.length === 0) {
        p.above = [f.layer.id];
        p.children = [f];
      } else {
        (p.above as string[]).push(f.layer.id);
        (p.children as MutableFacts[]).push(f);
      }
      // A member of several SSIs (an error reported by the SSI rules) takes the least id, so
      // its kernel, and what its containers see, are the same whatever the order of the layers.
      if (f.layer.kind === 'ssi' && (p.ssi === undefined || f.layer.id < p.ssi)) {
        p.ssiFacts = f;
        p.ssi = f.layer.id;
      }
    }
  }
  const order = topologicalOrder(all);
  const ids = order.map((f) => f.layer.id);
  const cyclic = order.length === all.length ? new Set<string>() : cycleMembers(facts, new Set(ids));
  for (const f of order) derive(f);
  // Capacities of every kernel are known only once all layers are derived: an os member's
  // processes see its SSI, which comes later in the build order.
  for (const f of order) deriveVisible(f);
  return { stack, layers, facts, order: ids, cyclic, layerFacts: all };
}

const noFacts: readonly MutableFacts[] = Object.freeze([]);

/** Sets the distinct ids a layer stands on that name a layer, and their records. */
function resolveRefs(f: MutableFacts, facts: ReadonlyMap<string, MutableFacts>): void {
  const on = f.layer.on;
  if (on === undefined) return;
  if (typeof on === 'string') {
    const p = facts.get(on);
    if (!p) return;
    f.below = [on];
    f.parents = [p];
  } else {
    const below: string[] = [];
    const parents: MutableFacts[] = [];
    for (const ref of on) {
      const p = facts.get(ref);
      if (p && !below.includes(ref)) {
        below.push(ref);
        parents.push(p);
      }
    }
    f.below = below;
    f.parents = parents;
  }
  f.pending = f.parents.length;
}

/** The layer with this id, if any. */
export function layerById(graph: StackGraph, id: string): Layer | undefined {
  return graph.facts.get(id)?.layer;
}

/** The layers standing directly on `id`, in file order. */
export function childrenOf(graph: StackGraph, id: string): Layer[] {
  return layersOf(graph, graph.facts.get(id)?.above);
}

/** The layers `id` stands on directly. */
export function parentsOf(graph: StackGraph, id: string): Layer[] {
  return layersOf(graph, graph.facts.get(id)?.below);
}

/** The first layer `id` stands on: the only one, for every kind but ssi and vsmp. */
export function firstParentOf(graph: StackGraph, id: string): Layer | undefined {
  const first = graph.facts.get(id)?.below[0];
  return first === undefined ? undefined : graph.facts.get(first)?.layer;
}

function layersOf(graph: StackGraph, ids: readonly string[] | undefined): Layer[] {
  const out: Layer[] = [];
  if (ids) for (const id of ids) out.push((graph.facts.get(id) as LayerFacts).layer);
  return out;
}

/**
 * The physical nodes a layer ultimately runs on, sorted: the nodes whose failure takes it
 * down. An SSI or a vsmp runs on all of its members' nodes.
 */
export function nodesUnder(graph: StackGraph, id: string): readonly string[] {
  return graph.facts.get(id)?.nodes ?? noIds;
}

/** The CPU architecture a layer runs on (a vm's own, else its host's), if resolvable. */
export function archOf(graph: StackGraph, id: string): Arch | undefined {
  return graph.facts.get(id)?.arch;
}

/**
 * The CPUs and memory a layer offers to what stands on it: a node's, a vm's virtual
 * hardware, the sum over a vsmp's nodes or an SSI's members. An os, a container, an app or
 * a hosted hypervisor offers what its processes see (`visibleCapacityOf`); a Type I
 * hypervisor passes on its machine's.
 */
export function capacityOf(graph: StackGraph, id: string): Capacity | undefined {
  const f = graph.facts.get(id);
  if (!f) return undefined;
  return runsOnKernel(f.layer) ? f.visible : f.capacity;
}

/**
 * What processes running on a layer see: the CPUs and memory of their kernel (a whole
 * SSI when the kernel is one), within the caps of every container in between.
 */
export function visibleCapacityOf(graph: StackGraph, id: string): Capacity | undefined {
  return graph.facts.get(id)?.visible;
}

/** The SSI a layer is a member of, if any. */
export function ssiOf(graph: StackGraph, id: string): string | undefined {
  return graph.facts.get(id)?.ssi;
}

/**
 * The kernel a layer's processes run on: for an os or ssi itself, for a container, app or
 * hosted hypervisor the kernel below it. An os that is an SSI member gives the SSI: its
 * processes belong to the single system image. Hardware, vms and Type I hypervisors run no
 * kernel of their own, so they have none.
 */
export function kernelOf(graph: StackGraph, id: string): string | undefined {
  return graph.facts.get(id)?.kernel;
}

/** Layers whose processes see a kernel's resources rather than a machine's. */
function runsOnKernel(layer: Layer): boolean {
  return (
    layer.kind === 'os' ||
    layer.kind === 'ssi' ||
    layer.kind === 'container' ||
    layer.kind === 'app' ||
    (layer.kind === 'hypervisor' && isHosted(layer.product))
  );
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
  return graph.facts.get(id)?.machines ?? noIds;
}

/** Kahn's algorithm: bottom-up order of every layer not on or above a cycle. */
function topologicalOrder(all: readonly MutableFacts[]): MutableFacts[] {
  const order: MutableFacts[] = [];
  for (const f of all) if (f.pending === 0) order.push(f);
  for (let i = 0; i < order.length; i++) {
    for (const c of (order[i] as MutableFacts).children) if (--c.pending === 0) order.push(c);
  }
  return order;
}

/** Layers on a cycle: members of a strongly connected component of two or more, or self-references (iterative Tarjan). */
function cycleMembers(facts: ReadonlyMap<string, MutableFacts>, ordered: ReadonlySet<string>): Set<string> {
  const members = new Set<string>();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  for (const start of facts.keys()) {
    if (ordered.has(start) || index.has(start)) continue;
    const work: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; next: number };
      const refs = (facts.get(frame.id)?.below ?? noIds).filter((r) => !ordered.has(r));
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
        const selfLoop = component.length === 1 && (facts.get(frame.id)?.below ?? noIds).includes(frame.id);
        if (component.length > 1 || selfLoop) for (const id of component) members.add(id);
      }
    }
  }
  return members;
}

/** Fills one layer's derived facts from its parents', which are already filled (build order). */
function derive(f: MutableFacts): void {
  const { layer, parents } = f;
  const first = parents[0];
  f.nodes = layer.kind === 'node' ? [layer.id] : union(parents, 'nodes');
  // A node is its own machine: share the one-element list rather than allocate another.
  f.machines = layer.kind === 'node' ? f.nodes : layer.kind === 'vm' ? [layer.id] : union(parents, 'machines');
  f.arch = layer.kind === 'node' ? layer.arch : layer.kind === 'vm' ? (layer.arch ?? first?.arch) : first?.arch;
  f.capacity = ownCapacity(layer, parents);
  if (layer.kind === 'ssi') f.kernelFacts = f;
  else if (layer.kind === 'os') f.kernelFacts = f.ssiFacts ?? f;
  else if (runsOnKernel(layer)) f.kernelFacts = first?.kernelFacts;
  f.kernel = f.kernelFacts?.layer.id;
}

/** What processes on the layer see: its kernel's capacity within the caps of the containers in between. */
function deriveVisible(f: MutableFacts): void {
  const { layer } = f;
  if (layer.kind === 'os' || layer.kind === 'ssi') {
    f.visible = f.kernelFacts?.capacity;
  } else if (runsOnKernel(layer)) {
    const base = f.parents[0]?.visible;
    f.visible =
      base && layer.kind === 'container'
        ? { cpus: Math.min(layer.cpus ?? Infinity, base.cpus), memoryMiB: Math.min(layer.memoryMiB ?? Infinity, base.memoryMiB) }
        : base;
  }
}

/** The union of the parents' lists; a single parent's list is shared, not copied, so long chains stay linear. */
function union(parents: readonly MutableFacts[], list: 'nodes' | 'machines'): readonly string[] {
  if (parents.length === 0) return noIds;
  if (parents.length === 1) return (parents[0] as MutableFacts)[list];
  return [...new Set(parents.flatMap((p) => p[list]))].sort();
}

function ownCapacity(layer: Layer, parents: readonly MutableFacts[]): Capacity | undefined {
  if (layer.kind === 'node') return { cpus: layer.cpus, memoryMiB: layer.memoryMiB };
  if (layer.kind === 'vm') return { cpus: layer.vcpus, memoryMiB: layer.memoryMiB };
  if (layer.kind === 'container' || layer.kind === 'app' || (layer.kind === 'hypervisor' && isHosted(layer.product))) return undefined;
  if (layer.kind === 'ssi' || (layer.kind === 'hypervisor' && layer.product === 'vsmp')) {
    let sum: Capacity | undefined;
    for (const p of parents) {
      const c = p.capacity;
      if (c) sum = sum ? { cpus: sum.cpus + c.cpus, memoryMiB: sum.memoryMiB + c.memoryMiB } : c;
    }
    return sum;
  }
  // An os or a Type I hypervisor has its machine's resources.
  return parents[0]?.capacity;
}
