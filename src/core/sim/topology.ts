/**
 * Builds the run-time structure from resolved layers: CPU roots and pools, hypervisors, VMs,
 * OS kernels, SSIs and containers. Layers can be added during a run (add-node), so building
 * is incremental. The stack model has already checked what may stand on what; a reference
 * this simulator cannot place is reported as an error naming the layer.
 */
import { composeCost, CONTAINER_COST, HOST_OS_IO_FACTOR, NATIVE_COST, TECHNIQUE_COST, VSMP_COST, type LayerCost, type Technique } from './costModel';
import {
  FRACTIONAL_ZERO,
  type ContainerRt,
  type Host,
  type HypervisorRt,
  type NodeRt,
  type Pool,
  type Root,
  type SsiMember,
  type SsiRt,
  type VmRt,
} from './simState';
import { type SimLayer } from './simInput';

/** An OS kernel layer. */
export interface OsRt {
  id: string;
  product: string;
  pool: Pool;
}

/** Raised for a stack the simulator cannot run; the message names the layer. */
export class SimStackError extends Error {}

/** The run-time structure of a stack. */
export class Topology {
  readonly nodes = new Map<string, NodeRt>();
  readonly roots: Root[] = [];
  readonly hypervisors = new Map<string, HypervisorRt>();
  readonly vms = new Map<string, VmRt>();
  readonly oses = new Map<string, OsRt>();
  readonly ssis = new Map<string, SsiRt>();
  readonly containers = new Map<string, ContainerRt>();
  /** Every layer by id, as given. */
  readonly layers = new Map<string, SimLayer>();
  private poolCount = 0;

  /** `techniqueCost`: the figures of the run (simFigures.ts), the literature's by default. */
  constructor(private readonly techniqueCost: Record<Technique, LayerCost> = TECHNIQUE_COST) {}

  /** Adds layers in dependency order (each after what it stands on), at time `now`. */
  addLayers(layers: SimLayer[], now: number): SimLayer[] {
    const ordered = dependencyOrder(layers, this.layers);
    for (const layer of ordered) {
      this.layers.set(layer.id, layer);
      this.build(layer, now);
    }
    return ordered;
  }

  /** A new pool (not yet attached to a parent). */
  newPool(layerId: string, kind: Pool['kind'], cpus: number, speed: number, cost: LayerCost): Pool {
    return {
      idx: this.poolCount++,
      layerId,
      kind,
      cpus,
      speed,
      parent: null,
      root: null,
      cost,
      procs: [],
      children: [],
      holds: 0,
      throttle: 1,
      alive: true,
      threads: 0,
      busy: 0,
      threadRate: FRACTIONAL_ZERO,
      threadIntegral: FRACTIONAL_ZERO,
      loadAvg: FRACTIONAL_ZERO,
      loadMark: FRACTIONAL_ZERO,
      loadMarkS: FRACTIONAL_ZERO,
      arriving: 0,
      vm: null,
    };
  }

  /** Attaches `child` under `parent` (or detaches it when parent is null) and marks roots stale. */
  attach(child: Pool, parent: Pool | null): void {
    const old = child.parent;
    if (old !== null) {
      const i = old.children.indexOf(child);
      if (i >= 0) old.children.splice(i, 1);
      if (old.root) old.root.orderStale = true;
    }
    child.parent = parent;
    if (parent !== null) {
      parent.children.push(child);
      if (parent.root) parent.root.orderStale = true;
      child.root = parent.root;
    } else child.root = null;
  }

  /** The kernel an app, container or hosted hypervisor runs on, for a layer id. */
  hostOf(id: string): Host {
    const os = this.oses.get(id);
    if (os) return { kind: 'pool', pool: os.pool, osId: os.id };
    const ssi = this.ssis.get(id);
    if (ssi) return { kind: 'ssi', ssi };
    const c = this.containers.get(id);
    if (c) return c.host;
    throw new SimStackError(`"${id}" is not an os, ssi or container, so nothing can run on it in the simulator`);
  }

  /** The CPU pool of a container on a given kernel pool (its cap, when it has one). */
  capPool(container: ContainerRt | null, kernelPool: Pool): Pool {
    if (container === null || container.cap === undefined) return kernelPool;
    let pool = container.capPools.get(kernelPool.idx);
    if (!pool) {
      pool = this.newPool(container.id, 'cap', container.cap, 1, composeCost(kernelPool.cost, CONTAINER_COST));
      this.attach(pool, kernelPool);
      container.capPools.set(kernelPool.idx, pool);
    }
    return pool;
  }

  /** A root of machines (a node, or the nodes a vSMP joins) over its pool, registered. */
  private newRoot(pool: Pool, nodes: NodeRt[], now: number): Root {
    const root: Root = {
      idx: this.roots.length,
      pool,
      nodes,
      last: now,
      busyIntegral: FRACTIONAL_ZERO,
      busyCores: 0,
      active: [],
      activeCount: 0,
      order: [],
      orderStale: true,
      dirty: false,
      alive: true,
    };
    pool.root = root;
    this.roots.push(root);
    return root;
  }

  private build(layer: SimLayer, now: number): void {
    switch (layer.kind) {
      case 'node': {
        const pool = this.newPool(layer.id, 'node', layer.cpus, layer.speed, NATIVE_COST);
        const root = this.newRoot(pool, [], now);
        const node: NodeRt = {
          id: layer.id,
          cpus: layer.cpus,
          speed: layer.speed,
          memoryMiB: layer.memoryMiB,
          site: layer.site,
          root,
          alive: true,
          addedAtS: now,
          endedAtS: Infinity,
        };
        root.nodes.push(node);
        this.nodes.set(layer.id, node);
        return;
      }
      case 'hypervisor':
        return this.buildHypervisor(layer, now);
      case 'vm': {
        const hyp = this.hypervisors.get(layer.on);
        if (!hyp) throw new SimStackError(`vm ${layer.id}: "${layer.on}" is not a hypervisor that can run VMs`);
        const pool = this.newPool(layer.id, 'vm', layer.vcpus, 1, NATIVE_COST);
        const vm: VmRt = {
          id: layer.id,
          vcpus: layer.vcpus,
          memoryMiB: layer.memoryMiB,
          dirtyRateMiBps: layer.dirtyRateMiBps,
          pool,
          hypervisor: hyp,
          alive: true,
          migrating: false,
          member: null,
          snapshot: null,
          movedAtS: -Infinity,
        };
        pool.vm = vm;
        hyp.vms.push(vm);
        this.vms.set(vm.id, vm);
        if (hyp.basePool) this.placeVm(vm, hyp.basePool);
        return;
      }
      case 'os': {
        const pool = this.osPool(layer.id, layer.on, layer.role);
        this.oses.set(layer.id, { id: layer.id, product: layer.product, pool });
        return;
      }
      case 'ssi': {
        const members: SsiMember[] = layer.on.map((m) => this.memberFor(layer.id, m));
        this.ssis.set(layer.id, { id: layer.id, product: layer.product, members, apps: [], hypervisors: [], alive: true, balancing: false });
        return;
      }
      case 'container': {
        const host = this.hostOf(layer.on);
        const outer = this.containers.get(layer.on);
        // A container inside a capped container is held by both caps: the smaller wins.
        const caps = [layer.cpus, outer?.cap].filter((c): c is number => c !== undefined);
        const cap = caps.length > 0 ? Math.min(...caps) : undefined;
        this.containers.set(layer.id, { id: layer.id, host, cap, capPools: new Map(), suspended: false, outer: outer ?? null });
        return;
      }
      case 'app':
        return;
    }
  }

  /** Makes an SSI member from the layer it stands on. */
  memberFor(ssiId: string, memberId: string): SsiMember {
    const os = this.oses.get(memberId);
    const vm = this.vms.get(memberId);
    const node = this.nodes.get(memberId);
    // A vm or node member means the SSI's own Linux kernel boots on it (docs/stack-format.md).
    const pool = os?.pool ?? vm?.pool ?? node?.root.pool;
    if (!pool) throw new SimStackError(`ssi ${ssiId}: member "${memberId}" is not an os, vm or node`);
    return { layerId: memberId, pool, nominalSpeed: this.nominalSpeed(pool), alive: true, draining: false };
  }

  private nominalSpeed(pool: Pool): number {
    let p = pool;
    while (p.parent) p = p.parent;
    return p.speed;
  }

  /** Puts a VM's vCPUs under a pool and recomputes what running there costs. */
  placeVm(vm: VmRt, parent: Pool): void {
    this.attach(vm.pool, parent);
    this.recomputeCosts(vm.pool);
  }

  /** Recomputes the cost of a pool and everything above it after it moved. */
  recomputeCosts(pool: Pool): void {
    const parentCost = pool.parent ? pool.parent.cost : NATIVE_COST;
    if (pool.kind === 'vm' && pool.vm) {
      const h = pool.vm.hypervisor;
      pool.cost = composeCost(composeCost(parentCost, this.techniqueCost[h.technique]), h.hostCost);
    } else if (pool.kind === 'cap') pool.cost = composeCost(parentCost, CONTAINER_COST);
    else if (pool.kind === 'dom0') pool.cost = composeCost(parentCost, this.techniqueCost.pv);
    for (const c of pool.children) this.recomputeCosts(c);
  }

  private osPool(osId: string, on: string, role: string | undefined): Pool {
    const node = this.nodes.get(on);
    if (node) return node.root.pool;
    const vm = this.vms.get(on);
    if (vm) return vm.pool;
    const hyp = this.hypervisors.get(on);
    if (hyp && hyp.basePool) {
      if (hyp.product === 'vsmp') return hyp.basePool;
      if (role === 'dom0') {
        // dom0 is Xen's first, privileged guest: paravirtualized, on all the node's CPUs.
        const pool = this.newPool(osId, 'dom0', hyp.basePool.cpus, 1, composeCost(hyp.basePool.cost, this.techniqueCost.pv));
        this.attach(pool, hyp.basePool);
        return pool;
      }
    }
    throw new SimStackError(`os ${osId}: cannot stand on "${on}" in the simulator (a node, a vm, a vsmp, or xen with role dom0)`);
  }

  private buildHypervisor(layer: Extract<SimLayer, { kind: 'hypervisor' }>, now: number): void {
    if (layer.product === 'vsmp') {
      const nodes = layer.on.map((id) => {
        const n = this.nodes.get(id);
        if (!n) throw new SimStackError(`hypervisor ${layer.id}: vsmp aggregates nodes, and "${id}" is not one`);
        return n;
      });
      const cpus = nodes.reduce((s, n) => s + n.cpus, 0);
      // One SMP machine: its cores run at the nodes' average speed, weighted by core count.
      const speed = nodes.reduce((s, n) => s + n.cpus * n.speed, 0) / cpus;
      const pool = this.newPool(layer.id, 'vsmp', cpus, speed, VSMP_COST);
      const root = this.newRoot(pool, nodes, now);
      for (const n of nodes) {
        n.root.alive = false;
        n.root = root;
      }
      this.hypervisors.set(layer.id, {
        id: layer.id,
        product: 'vsmp',
        technique: 'hw',
        basePool: pool,
        ssi: null,
        hostCost: NATIVE_COST,
        container: null,
        vms: [],
        alive: true,
      });
      return;
    }
    const technique = layer.technique ?? 'hw';
    const on = layer.on[0] ?? '';
    const hyp: HypervisorRt = {
      id: layer.id,
      product: layer.product,
      technique,
      basePool: null,
      ssi: null,
      hostCost: NATIVE_COST,
      container: null,
      vms: [],
      alive: true,
    };
    const node = this.nodes.get(on);
    const vm = this.vms.get(on);
    const vsmp = this.hypervisors.get(on);
    if (node) hyp.basePool = node.root.pool;
    else if (vm) hyp.basePool = vm.pool;
    else if (vsmp && vsmp.product === 'vsmp') hyp.basePool = vsmp.basePool;
    else {
      const host = this.hostOf(on);
      const container = this.containers.get(on) ?? null;
      hyp.container = container;
      if (host.kind === 'pool') {
        const os = this.oses.get(host.osId);
        hyp.hostCost = { cpu: 1, io: HOST_OS_IO_FACTOR[os?.product ?? 'linux'] ?? 1 };
        hyp.basePool = this.capPool(container, host.pool);
      } else {
        hyp.ssi = host.ssi;
        host.ssi.hypervisors.push(hyp);
      }
    }
    this.hypervisors.set(layer.id, hyp);
  }
}

/** Orders layers so each comes after what it stands on (stable otherwise). */
function dependencyOrder(layers: SimLayer[], known: Map<string, SimLayer>): SimLayer[] {
  if (standsOnEarlierOnly(layers)) return layers;
  const byId = new Map(layers.map((l) => [l.id, l]));
  const out: SimLayer[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (l: SimLayer): void => {
    const s = state.get(l.id);
    if (s === 2) return;
    if (s === 1) throw new SimStackError(`layer ${l.id}: its "on" references form a cycle`);
    state.set(l.id, 1);
    const deps = l.kind === 'node' ? [] : typeof l.on === 'string' ? [l.on] : l.on;
    for (const d of deps) {
      const dep = byId.get(d);
      if (dep) visit(dep);
      else if (!known.has(d)) throw new SimStackError(`layer ${l.id}: stands on "${d}", which does not exist`);
    }
    state.set(l.id, 2);
    out.push(l);
  };
  for (const l of layers) visit(l);
  return out;
}

/**
 * Whether every layer stands only on layers listed before it, with no id twice: then the
 * dependency order is the list's own. Stack files are written so, and one pass over a
 * set costs a fraction of the search above on tens of thousands of layers. Anything else
 * (a later or an already-built layer, a duplicate, a cycle) is left to the search.
 */
function standsOnEarlierOnly(layers: SimLayer[]): boolean {
  const seen = new Set<string>();
  for (const l of layers) {
    if (seen.has(l.id)) return false;
    if (l.kind !== 'node') {
      if (typeof l.on === 'string') {
        if (!seen.has(l.on)) return false;
      } else for (const d of l.on) if (!seen.has(d)) return false;
    }
    seen.add(l.id);
  }
  return true;
}
