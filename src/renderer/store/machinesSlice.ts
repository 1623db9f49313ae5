import type { StateCreator } from 'zustand';
import { NodeName, type GuestPackName, type ImageStatus, type MigrationResult, type VmEvent, type VmInfo } from '../../api/vmApi';
import type { Subscription } from '../transport/protocolClient';
import type { StrataState } from './store';

export interface BootProgress {
  phase: Extract<VmEvent, { type: 'boot' }>['phase'];
  ms: number;
}

export type ImageProgress = Omit<Extract<VmEvent, { type: 'image' }>, 'type'>;

const COLD_BOOT_KEY = 'strata.coldBoot';

export interface NewVmOptions {
  memoryMiB: number;
  cpus: number;
  node?: string;
  lan?: string;
  noVirtExtensions: boolean;
  extras?: GuestPackName[];
}

export interface MachinesSlice {
  vms: VmInfo[];
  selectedVm: string | null;
  imageStatus: ImageStatus | null;
  imageProgress: ImageProgress | null;
  bootProgress: Record<string, BootProgress>;
  migrations: MigrationResult[];
  /** Every node a VM has run on in this session, so a node a VM left stays a migration target. */
  nodesSeen: string[];
  /** Actions in flight, by VM id (or `new`, `deploy`): the UI disables their buttons. */
  busy: Record<string, string>;
  machinesError: string | null;
  /** Something the backend did on its own that the student should know (VMs of a previous run stopped). */
  machinesNotice: string | null;
  /** Boot new VMs from their kernel instead of the booted-state template (a setting kept in this browser). */
  coldBoot: boolean;
  setColdBoot(cold: boolean): void;
  /** Starts listening to VM events; called once when the backend is connected. */
  watchMachines(): () => void;
  selectVm(id: string | null): void;
  createVm(options: NewVmOptions): Promise<VmInfo | null>;
  deployCluster(nbvm: number, nbnode: number, extras?: GuestPackName[]): Promise<void>;
  vmAction(id: string, action: 'pause' | 'resume' | 'stop' | 'kill'): Promise<void>;
  saveSnapshot(id: string, name: string): Promise<void>;
  loadSnapshot(id: string, name: string): Promise<void>;
  migrateVm(id: string, toNode: string): Promise<void>;
  buildImage(force: boolean): Promise<void>;
  dismissMachinesError(): void;
  dismissMachinesNotice(): void;
}

function upsert(vms: VmInfo[], vm: VmInfo): VmInfo[] {
  const i = vms.findIndex((v) => v.id === vm.id);
  if (i < 0) return [...vms, vm];
  const copy = vms.slice();
  copy[i] = vm;
  return copy;
}

/** Adds the nodes not seen yet; a VM between QEMU processes reports a placeholder, which is no node. */
function withNodes(seen: string[], ...nodes: string[]): string[] {
  const fresh = nodes.filter((n) => !seen.includes(n) && NodeName.safeParse(n).success);
  return fresh.length === 0 ? seen : [...seen, ...new Set(fresh)];
}

/** The event and the command's reply both report a migration; keep it once. */
function addMigration(list: MigrationResult[], m: MigrationResult): MigrationResult[] {
  const same = (x: MigrationResult): boolean => x.id === m.id && x.fromNode === m.fromNode && x.toNode === m.toNode && x.totalMs === m.totalMs;
  return list.some(same) ? list : [m, ...list].slice(0, 20);
}

export const createMachinesSlice: StateCreator<StrataState, [], [], MachinesSlice> = (set, get) => {
  /** Runs one backend action, marking it busy and surfacing its error in the view. */
  async function act<T>(key: string, label: string, fn: () => Promise<T>): Promise<T | null> {
    set((s) => ({ busy: { ...s.busy, [key]: label }, machinesError: null }));
    try {
      return await fn();
    } catch (err) {
      set({ machinesError: (err as Error).message });
      return null;
    } finally {
      set((s) => {
        const busy = { ...s.busy };
        delete busy[key];
        return { busy };
      });
    }
  }

  function onEvent(ev: VmEvent): void {
    switch (ev.type) {
      case 'vm':
        set((s) => ({ vms: upsert(s.vms, ev.vm), selectedVm: s.selectedVm ?? ev.vm.id, nodesSeen: withNodes(s.nodesSeen, ev.vm.node) }));
        return;
      case 'removed':
        set((s) => {
          const vms = s.vms.filter((v) => v.id !== ev.id);
          return { vms, selectedVm: s.selectedVm === ev.id ? (vms[0]?.id ?? null) : s.selectedVm };
        });
        return;
      case 'listed':
        set((s) => {
          const vms = s.vms.filter((v) => ev.ids.includes(v.id));
          if (vms.length === s.vms.length) return {};
          return { vms, selectedVm: s.selectedVm !== null && ev.ids.includes(s.selectedVm) ? s.selectedVm : (vms[0]?.id ?? null) };
        });
        return;
      case 'boot':
        set((s) => ({ bootProgress: { ...s.bootProgress, [ev.id]: { phase: ev.phase, ms: ev.ms } } }));
        return;
      case 'image':
        set((s) => ({
          imageProgress: { phase: ev.phase, message: ev.message, done: ev.done, total: ev.total, bytes: ev.bytes },
          imageStatus:
            ev.phase === 'ready' || ev.phase === 'failed'
              ? { ...s.imageStatus, state: ev.phase === 'ready' ? 'ready' : 'missing', message: ev.message }
              : { ...s.imageStatus, state: 'building' },
        }));
        if (ev.phase === 'ready' || ev.phase === 'failed')
          void get()
            .api?.call('image.status', {})
            .then((imageStatus) => set({ imageStatus }));
        return;
      case 'migration':
        if (ev.phase === 'completed' && ev.result)
          set((s) => ({ migrations: addMigration(s.migrations, ev.result!), nodesSeen: withNodes(s.nodesSeen, ev.result!.fromNode, ev.result!.toNode) }));
        if (ev.phase === 'failed') set({ machinesError: `Migration of ${ev.id} to ${ev.toNode} failed: ${ev.message ?? 'unknown reason'}` });
        return;
      case 'reaped':
        set({ machinesNotice: ev.message });
        return;
    }
  }

  return {
    vms: [],
    selectedVm: null,
    coldBoot: typeof localStorage !== 'undefined' && localStorage.getItem(COLD_BOOT_KEY) === '1',
    setColdBoot: (coldBoot) => {
      localStorage.setItem(COLD_BOOT_KEY, coldBoot ? '1' : '0');
      set({ coldBoot });
    },
    imageStatus: null,
    imageProgress: null,
    bootProgress: {},
    migrations: [],
    nodesSeen: [],
    busy: {},
    machinesError: null,
    machinesNotice: null,
    watchMachines: () => {
      const api = get().api;
      if (!api) return () => {};
      // The stream opens with one `vm` event per running VM and then `listed`, so it alone
      // fills the list, and after a reconnection drops the VMs that went away meanwhile: a
      // separate vm.list could land after a `removed` event and bring a VM back.
      const sub: Subscription = api.subscribe('vm.events', {}, { data: onEvent });
      void api.call('image.status', {}).then(
        (imageStatus) => set({ imageStatus }),
        () => {},
      );
      return () => sub.close();
    },
    selectVm: (id) => set({ selectedVm: id }),
    createVm: async (options) => {
      const api = get().api!;
      const vm = await act('new', 'Booting', () => api.call('vm.create', { ...options, waitReady: false, coldBoot: get().coldBoot }));
      if (vm) set((s) => ({ vms: upsert(s.vms, vm), selectedVm: vm.id }));
      return vm;
    },
    deployCluster: async (nbvm, nbnode, extras = []) => {
      const api = get().api!;
      const vms = await act('deploy', 'Deploying', () => api.call('cluster.deploy', { nbvm, nbnode, waitReady: false, extras, coldBoot: get().coldBoot }));
      if (vms) set((s) => ({ vms: vms.reduce(upsert, s.vms), selectedVm: vms[0]?.id ?? s.selectedVm }));
    },
    vmAction: async (id, action) => {
      const api = get().api!;
      const labels = { pause: 'Pausing', resume: 'Resuming', stop: 'Shutting down', kill: 'Killing' } as const;
      await act(id, labels[action], async () => {
        if (action === 'pause' || action === 'resume') {
          const vm = await api.call(action === 'pause' ? 'vm.pause' : 'vm.resume', { id });
          set((s) => ({ vms: upsert(s.vms, vm) }));
        } else {
          await api.call(action === 'stop' ? 'vm.stop' : 'vm.kill', { id });
        }
      });
    },
    saveSnapshot: async (id, name) => {
      const api = get().api!;
      await act(id, 'Saving snapshot', () => api.call('vm.snapshot.save', { id, name }));
    },
    loadSnapshot: async (id, name) => {
      const api = get().api!;
      const vm = await act(id, 'Restoring snapshot', () => api.call('vm.snapshot.load', { id, name }));
      if (vm) set((s) => ({ vms: upsert(s.vms, vm) }));
    },
    migrateVm: async (id, toNode) => {
      const api = get().api!;
      const result = await act(id, `Migrating to ${toNode}`, () => api.call('vm.migrate', { id, toNode }));
      if (result) set((s) => ({ migrations: addMigration(s.migrations, result), nodesSeen: withNodes(s.nodesSeen, result.fromNode, result.toNode) }));
    },
    buildImage: async (force) => {
      const api = get().api!;
      const imageStatus = await act('image', 'Building the guest image', () => api.call('image.build', { force }));
      if (imageStatus) set({ imageStatus });
    },
    dismissMachinesError: () => set({ machinesError: null }),
    dismissMachinesNotice: () => set({ machinesNotice: null }),
  };
};
