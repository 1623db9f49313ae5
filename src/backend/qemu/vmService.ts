import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { z } from 'zod';
import { ApiError } from '../../api/errors';
import type { StreamSink } from '../../api/handlers';
import {
  type GuestPackName,
  type GuestProcess,
  type ImageStatus,
  type MigrationResult,
  NESTED_MIN_MEMORY_MIB,
  type ProcessCheckpoint,
  type ProcessMigrationResult,
  type Snapshot,
  type VmCreateRequest,
  type VmEvent,
  type VmExecResult,
  type VmInfo,
  type VmMemoryUse,
} from '../../api/vmApi';
import { createHash, randomBytes } from 'node:crypto';
import { type Accel, type AccelProbe, accelCpu, chooseAccel } from './accel';
import { GuestExtras } from './extras/guestExtras';
import { GuestImage, type GuestImageFiles, ImageUnavailableError } from './guestImage';
import { hostReserveMiB, memoryRefusal, processMemory, QEMU_OVERHEAD_MIB } from './hostMemory';
import { describeMissing, missingTools } from './hostTools';
import { identityCommand, stampOf, TemplateAbandoned, type TemplateFiles, type TemplateInputs, TemplateStore } from './guestTemplates';
import { isolatedNicArgs, Lan, MacAllocator } from './lan';
import { Machine, type MachineSpec } from './machine';
import { QmpJobError } from './qmpClient';
import { checkUserFile, imageInfo } from './userFiles';
import { qemuTool } from './qemuLocations';
import { checkpoint, listProcesses, migrateProcess, restart, startWorkload } from './ssi/processMigration';
import { reapStale, type Stray } from './qemuProcess';

const run = promisify(execFile);

export interface VmServiceOptions {
  /** STRATA_HOME: image cache, pid files. */
  home: string;
  /** Folder holding the guest recipe (assets/guest). */
  recipeDir: string;
  /** At most this many live VMs (default: as many as the host's free memory holds). */
  maxVms?: number;
  /** At most this much guest RAM in all, MiB (default: what the host's free memory holds). */
  maxMemoryMiB?: number;
  /** How long a guest may take to reach its shell (default 120 s: TCG on a busy host is slow). */
  bootTimeoutMs?: number;
  /** Where a line for whoever runs Strata goes (default: stderr). */
  log?: (line: string) => void;
  /** Runs every guest under this accelerator instead of the one chosen for the host (`strata calibrate` measures each). */
  accel?: Accel;
  /**
   * Start Strata's guest from the image's booted-state template when there is one
   * (default: yes, unless STRATA_COLD_BOOT=1); otherwise every VM boots its kernel.
   */
  templates?: boolean;
}

export type CreateRequest = z.output<typeof VmCreateRequest>;

/**
 * One VM as a checkpoint keeps it: its spec without this run's paths (the overlay and
 * the LAN's socket live in the runtime folder), and how it was when saved. Its files in
 * the checkpoint's folder are `ID.state` (RAM and devices), `ID.qcow2` (its disk) and
 * `ID.screen` (its console's kept screen).
 */
export interface CheckpointedVm {
  spec: Omit<MachineSpec, 'overlay' | 'net'> & { net?: { lan: string; ip?: string; mac: string } };
  saved: {
    /** Running when saved: it is resumed once every VM is back; a paused one stays paused. */
    wasRunning: boolean;
    node: string;
    bootMs?: number;
  };
}

/** The files of one VM in a checkpoint's folder. */
export function checkpointFiles(dir: string, id: string): { state: string; disk: string; screen: string } {
  return { state: path.join(dir, `${id}.state`), disk: path.join(dir, `${id}.qcow2`), screen: path.join(dir, `${id}.screen`) };
}

/**
 * A VM from the moment it is asked for: its id and memory are claimed before the first
 * `await`, so requests arriving together never share an id or overrun the limits. The
 * machine exists once QEMU's files are ready; a kill before that cancels the slot.
 */
interface Slot {
  id: string;
  memoryMiB: number;
  machine?: Machine;
  /** Why the slot was given up while it was prepared (kill, stop, shutdown). */
  cancelled?: string;
  /** What the VM's template depends on, when it may start from one. */
  template?: TemplateInputs;
}

/**
 * The real machines: builds the guest image, boots, controls and stops VMs, and keeps
 * the promise that no QEMU outlives Strata (dispose() kills every group; stale ones from
 * a crashed run are reaped at start).
 */
export class VmService {
  private readonly image: GuestImage;
  private readonly extras: GuestExtras;
  private readonly templates: TemplateStore;
  /** An empty overlay per backing file, copied for each VM (see newOverlay). */
  private readonly emptyOverlays = new Map<string, Promise<string>>();
  /** Hidden QEMUs writing a template: dispose() kills them too. */
  private readonly templateWriters = new Set<Machine>();
  private readonly log: (line: string) => void;
  private readonly slots = new Map<string, Slot>();
  private readonly lans = new Map<string, Lan>();
  private readonly macs = new MacAllocator();
  private readonly eventSinks = new Set<{ id?: string; sink: StreamSink<VmEvent> }>();
  private readonly pidDir: string;
  private readonly maxVms: number;
  private readonly maxMemoryMiB: number;
  private runtimeDir: Promise<string> | undefined;
  private accel: Promise<{ accel: Accel; probes: Record<Accel, AccelProbe> }> | undefined;
  private disposed = false;
  private lastImageProgress: VmEvent | undefined;
  /** What the start-up reaping found, told to every view of all VMs. */
  private readonly reaped: VmEvent | undefined;
  /** Set once QEMU was found: tools do not vanish mid-session, and each look costs a spawn. */
  private qemuFound = false;

  constructor(private readonly options: VmServiceOptions) {
    this.image = new GuestImage(options.home, options.recipeDir);
    this.extras = new GuestExtras(options.home, options.recipeDir, this.image);
    this.pidDir = path.join(options.home, 'run', 'qemu');
    this.maxVms = options.maxVms ?? Infinity;
    this.maxMemoryMiB = options.maxMemoryMiB ?? Infinity;
    this.log = options.log ?? ((line) => console.error(line));
    this.templates = new TemplateStore(path.join(options.home, 'cache', 'templates'));
    this.reaped = this.reapStrays(this.log);
  }

  /** The guest recipe (assets/guest): its scripts also run on the host, for comparisons. */
  get recipeDir(): string {
    return this.options.recipeDir;
  }

  list(): VmInfo[] {
    return this.machines().map((m) => m.info());
  }

  /** Host memory each live VM's QEMU takes now (see processMemory); VMs the host says nothing of are left out. */
  async memoryUse(): Promise<VmMemoryUse[]> {
    const uses = await Promise.all(
      this.machines().map(async (m) => {
        const use = m.isLive && m.qemuPid !== undefined ? await processMemory(m.qemuPid) : undefined;
        return use ? [{ id: m.id, ...use }] : [];
      }),
    );
    return uses.flat();
  }

  async imageStatus(): Promise<ImageStatus> {
    const missing = await missingTools();
    if (missing.length) return { state: 'unavailable', missing, message: describeMissing(missing) };
    if (this.image.isBuilding) return { state: 'building', message: this.lastImageProgress?.type === 'image' ? this.lastImageProgress.message : undefined };
    const current = await this.image.current();
    if (current) return { state: 'ready', kernelPackage: current.kernelPackage, builtAt: current.builtAt };
    return { state: 'missing', message: 'The guest image is built on first use (about 30 MB downloaded from the Debian mirror).' };
  }

  async buildImage(force = false): Promise<ImageStatus> {
    const files = await this.ensureImage(force);
    return { state: 'ready', kernelPackage: files.kernelPackage, builtAt: files.builtAt };
  }

  /** Creates and boots one VM; refuses clearly beyond the limits. */
  async create(req: CreateRequest): Promise<VmInfo> {
    if (req.id && this.slots.has(req.id)) throw new ApiError('bad-request', `a VM named ${req.id} already exists`);
    const slot = this.reserve(1, req.memoryMiB, req.id)[0]!;
    try {
      const machine = await this.prepare(slot, req);
      await this.start(slot, machine, req.node ?? 'node1', req.waitReady);
      return machine.info();
    } catch (err) {
      this.release(slot);
      throw err;
    }
  }

  /** `strata deploy`: N VMs spread round-robin over M nodes, all on one new LAN. */
  async deploy(nbvm: number, nbnode: number, memoryMiB: number, waitReady: boolean, extras: GuestPackName[] = [], coldBoot = false): Promise<VmInfo[]> {
    const slots = this.reserve(nbvm, memoryMiB);
    let lan = 'cluster';
    for (let n = 2; this.lans.has(lan); n++) lan = `cluster${n}`;
    this.lan(lan);
    try {
      const machines: Array<{ slot: Slot; machine: Machine; node: string }> = [];
      for (const [i, slot] of slots.entries()) {
        const req: CreateRequest = { id: slot.id, memoryMiB, cpus: 1, lan, noVirtExtensions: false, waitReady: false, extras, coldBoot };
        machines.push({ slot, machine: await this.prepare(slot, req), node: `node${(i % nbnode) + 1}` });
      }
      // All started at once: the first boots its kernel and makes the template when there
      // is none, the others wait for it and start from it. Each console is connected at
      // spawn, so no boot log is lost.
      await Promise.all(machines.map(({ slot, machine, node }) => this.start(slot, machine, node, waitReady)));
      return machines.map(({ machine }) => machine.info());
    } catch (err) {
      await Promise.all(slots.map((slot) => slot.machine?.kill().catch(() => undefined)));
      for (const slot of slots) this.release(slot);
      throw err;
    }
  }

  async pause(id: string): Promise<VmInfo> {
    const m = this.live(id);
    await m.pause();
    return m.info();
  }

  async resume(id: string): Promise<VmInfo> {
    const m = this.live(id);
    await m.resume();
    return m.info();
  }

  saveSnapshot(id: string, name: string): Promise<Snapshot> {
    return this.live(id)
      .saveSnapshot(name)
      .catch(refusedByQemu(id, `save snapshot "${name}"`));
  }

  async loadSnapshot(id: string, name: string): Promise<VmInfo> {
    const m = this.live(id);
    await m.loadSnapshot(name).catch(refusedByQemu(id, `load snapshot "${name}"`));
    return m.info();
  }

  snapshots(id: string): Promise<Snapshot[]> {
    return this.live(id).snapshots();
  }

  migrate(id: string, toNode: string): Promise<MigrationResult> {
    const m = this.live(id);
    if (m.info().node === toNode) throw new ApiError('bad-request', `${id} already runs on ${toNode}`);
    if (m.vmState === 'migrating') throw new ApiError('bad-request', `${id} is already migrating`);
    return m.migrate(toNode);
  }

  /**
   * Saves every live VM into `dir` together: all paused first, at one moment; then each
   * one's RAM and devices, disk and screen saved, all at once, and each VM that ran
   * resumed as soon as its own part is in its files (their flush to disk comes after).
   * The checkpoint is still one moment: the VMs still paused keep their state of that
   * moment, and a frame a resumed VM sends to one of them waits in QEMU's network queue
   * (a stopped guest's NIC receives nothing), outside its saved state, as a frame on the
   * wire at the moment would. `pausedMs` is the longest any VM stood still. Refused while
   * a VM boots, migrates or stops: its state would not be one to come back to.
   */
  async checkpointVms(dir: string): Promise<{ vms: CheckpointedVm[]; pausedMs: number }> {
    const live = this.machines().filter((m) => m.isLive);
    const unsettled = live.filter((m) => m.vmState !== 'running' && m.vmState !== 'paused');
    if (unsettled.length) {
      throw new ApiError(
        'bad-request',
        `A checkpoint needs every VM running or paused: ${unsettled.map((m) => `${m.id} is ${m.vmState}`).join(', ')}. Wait a moment and try again.`,
      );
    }
    const running = new Set(live.filter((m) => m.vmState === 'running'));
    const pausedAt = performance.now();
    await Promise.all([...running].map((m) => m.pause()));
    let pausedMs = 0;
    const resume = async (m: Machine): Promise<void> => {
      if (!running.delete(m)) return;
      await m.resume();
      pausedMs = Math.max(pausedMs, performance.now() - pausedAt);
    };
    try {
      // Settled, not all: on a failure every other save has ended (its part file removed
      // or renamed) before the caller discards the folder and the VMs run on.
      const saved = await Promise.allSettled(
        live.map(async (m) => {
          const files = checkpointFiles(dir, m.id);
          const { node, bootMs } = m.info();
          const wasRunning = running.has(m);
          await m.saveState(files.state, {
            onStreamed: async () => {
              // QEMU does not write the overlay while the guest is paused (the migration's end flushed it).
              await fs.copyFile(m.spec.overlay, files.disk);
              await fs.writeFile(files.screen, m.console.screen());
              await resume(m);
            },
          });
          const { overlay: _overlay, net, ...rest } = m.spec;
          return {
            spec: { ...rest, ...(net ? { net: { lan: net.lan, ip: net.ip, mac: net.mac } } : {}) },
            saved: { wasRunning, node, bootMs },
          };
        }),
      );
      const failed = saved.flatMap((r, i) => (r.status === 'rejected' ? [`${live[i]!.id}: ${(r.reason as Error).message}`] : []));
      if (failed.length) throw new ApiError('unavailable', `Could not checkpoint ${failed.join('; ')}`);
      return { vms: saved.map((r) => (r as PromiseFulfilledResult<CheckpointedVm>).value), pausedMs: Math.round(pausedMs) };
    } finally {
      await Promise.all([...running].map((m) => resume(m).catch(() => undefined)));
    }
  }

  /**
   * Brings the VMs of a checkpoint back from `dir`, all at once: a live VM of the same id
   * and spec is restored in place (its terminal stays connected), any other of that id is
   * replaced, a missing one is created. Each is loaded paused, its screen put back, then
   * those that ran are resumed together. VMs started after the checkpoint run on.
   */
  async rewindVms(dir: string, vms: CheckpointedVm[]): Promise<void> {
    if (this.disposed) throw new ApiError('unavailable', 'Strata is shutting down');
    const runtimeDir = await this.runtime();
    const machines = await Promise.all(vms.map((vm) => this.machineFor(vm, runtimeDir)));
    const loaded = await Promise.allSettled(
      machines.map(async (m, i) => {
        const { saved } = vms[i]!;
        const files = checkpointFiles(dir, m.id);
        const screen = await fs.readFile(files.screen);
        await m.rewindTo(files.state, saved.node, saved.bootMs, () => fs.copyFile(files.disk, m.spec.overlay));
        m.console.replay(new Uint8Array(screen));
      }),
    );
    const failed = loaded.flatMap((r, i) => (r.status === 'rejected' ? [`${machines[i]!.id}: ${(r.reason as Error).message}`] : []));
    await Promise.all(
      machines.map((m, i) => (loaded[i]!.status === 'fulfilled' ? (vms[i]!.saved.wasRunning ? m.resume() : undefined) : m.kill().catch(() => undefined))),
    );
    if (failed.length) throw new ApiError('unavailable', `Could not rewind ${failed.join('; ')}`);
  }

  /** The machine a checkpointed VM comes back into: the live one when it is the same VM, else a new one. */
  private async machineFor(vm: CheckpointedVm, runtimeDir: string): Promise<Machine> {
    const slot = this.slots.get(vm.spec.id);
    const current = slot?.machine;
    if (current?.isLive && sameVm(current.spec, vm.spec)) return current;
    if (slot) await this.kill(vm.spec.id);
    const [fresh] = this.reserve(1, vm.spec.memoryMiB, vm.spec.id);
    let net: MachineSpec['net'];
    if (vm.spec.net) {
      const lan = this.lan(vm.spec.net.lan);
      await lan.open(runtimeDir);
      if (vm.spec.net.ip) lan.claim(vm.spec.net.ip);
      net = { ...vm.spec.net, args: lan.qemuArgs(vm.spec.net.mac) };
    }
    // A name of its own: the overlay of a VM of that id removed just now is being deleted.
    const overlay = path.join(runtimeDir, `${vm.spec.id}-${Date.now().toString(36)}.qcow2`);
    const machine = new Machine(
      { ...vm.spec, overlay, net },
      { dir: runtimeDir, pidDir: this.pidDir, bootTimeoutMs: this.options.bootTimeoutMs ?? 120_000 },
      (e) => this.emit(e),
    );
    fresh!.machine = machine;
    return machine;
  }

  /** Shuts the VM down and removes it from the list; one still being prepared is cancelled. */
  async stop(id: string): Promise<void> {
    const slot = this.slot(id);
    slot.cancelled ??= 'stopped';
    await slot.machine?.shutdown();
    this.release(slot);
  }

  /** Kills the VM, also while its QEMU is being started, and removes it from the list. */
  async kill(id: string): Promise<void> {
    const slot = this.slot(id);
    slot.cancelled ??= 'killed';
    await slot.machine?.kill();
    this.release(slot);
  }

  input(id: string, bytes: Uint8Array): void {
    const m = this.live(id);
    try {
      m.input(bytes);
    } catch (err) {
      throw new ApiError('unavailable', (err as Error).message);
    }
  }

  /** `vm.exec`: a command in the guest over the checker's channel, unseen in its console. */
  async exec(id: string, command: string, timeoutMs: number): Promise<VmExecResult> {
    const m = this.live(id);
    if (!m.spec.ownImage) throw new ApiError('bad-request', `${id} runs its own guest: commands can be run only in Strata's image`);
    try {
      return await m.exec(command, timeoutMs);
    } catch (err) {
      throw new ApiError('unavailable', (err as Error).message);
    }
  }

  /** A guest's processes with their cluster-wide PIDs (its criu pack's `lps`). */
  processes(id: string): Promise<GuestProcess[]> {
    return this.ssi(listProcesses(this.withCriu(id)));
  }

  /** The cluster-wide process view: every process of every guest with the criu pack on `lan`. */
  async clusterProcesses(lan: string): Promise<GuestProcess[]> {
    const members = this.criuMembers(lan);
    if (!members.length) throw new ApiError('not-found', `no running VM with the criu pack on the LAN ${lan}`);
    await this.refreshPeers(lan);
    return (await Promise.all(members.map((m) => this.ssi(listProcesses(m))))).flat();
  }

  startProcess(id: string, workload: 'counter' | 'cpuloop'): Promise<GuestProcess> {
    return this.ssi(startWorkload(this.withCriu(id), workload));
  }

  /** Process migration with CRIU between two guests of one LAN; the images travel on that LAN. */
  async migrateProcess(id: string, pid: number, to: string, onStep?: (line: string) => void): Promise<ProcessMigrationResult> {
    const from = this.withCriu(id);
    const dest = this.withCriu(to);
    if (from === dest) throw new ApiError('bad-request', `${id} is both the source and the destination`);
    const address = dest.info().ip;
    if (!address || from.spec.net?.lan !== dest.spec.net?.lan)
      throw new ApiError('bad-request', `${id} and ${to} are not on one LAN: the images travel over it`);
    return this.ssi(migrateProcess(from, dest, pid, address, onStep));
  }

  checkpointProcess(id: string, pid: number): Promise<ProcessCheckpoint> {
    return this.ssi(checkpoint(this.withCriu(id), pid));
  }

  restartProcess(id: string, cpid: number): Promise<GuestProcess> {
    return this.ssi(restart(this.withCriu(id), cpid));
  }

  /** A running guest with the criu pack, or a refusal saying how to get one. */
  private withCriu(id: string): Machine {
    const m = this.live(id);
    if (!m.spec.extras.includes('criu'))
      throw new ApiError('bad-request', `${id} has no CRIU: process migration needs a VM created with the criu pack (extras: criu)`);
    return m;
  }

  private criuMembers(lan: string): Machine[] {
    return this.machines().filter((m) => m.isLive && m.spec.net?.lan === lan && m.spec.extras.includes('criu') && m.info().ip);
  }

  /** Tells each guest with the criu pack on `lan` who its peers are (/run/strata/peers, read by `cps`). */
  private async refreshPeers(lan: string): Promise<void> {
    const members = this.criuMembers(lan).filter((m) => m.vmState === 'running');
    // Addresses and hostnames are validated names: nothing in them needs more than single quotes.
    const lines = members.map((m) => `'${m.info().ip} ${m.spec.hostname}'`).join(' ');
    await Promise.all(members.map((m) => m.exec(`printf '%s\\n' ${lines} > /run/strata/peers`).catch(() => undefined)));
  }

  /** A failure inside the guest (CRIU's own words) is the guest's answer, not Strata's. */
  private async ssi<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw new ApiError('unavailable', (err as Error).message);
    }
  }

  /** The VM itself, for the CLI and tests (exec, console waits). */
  machine(id: string): Machine {
    return this.get(id);
  }

  /** `vm.console`: replays the kept screen, then live output, until the VM is removed. */
  subscribeConsole(id: string, sink: StreamSink<Uint8Array>): () => void {
    return this.get(id).console.subscribe(sink);
  }

  /** `vm.events`: the current list first, closed by `listed` (so a view can start from it, or resync), then changes. */
  subscribeEvents(filter: { id?: string }, sink: StreamSink<VmEvent>): () => void {
    const entry = { id: filter.id, sink };
    const listed = this.machines().filter((m) => !filter.id || m.id === filter.id);
    for (const m of listed) sink.write({ type: 'vm', vm: m.info() });
    sink.write({ type: 'listed', ids: listed.map((m) => m.id) });
    if (!filter.id && this.reaped) sink.write(this.reaped);
    if (!filter.id && this.image.isBuilding && this.lastImageProgress) sink.write(this.lastImageProgress);
    this.eventSinks.add(entry);
    return () => this.eventSinks.delete(entry);
  }

  /** The accelerator VMs use here and what each probe found; probed once, then remembered in STRATA_HOME. */
  async accelerators(): Promise<{ accel: Accel; probes: Record<Accel, AccelProbe> }> {
    const dir = await this.runtime();
    this.accel ??= chooseAccel({ home: this.options.home, runtimeDir: dir, pidDir: this.pidDir, hostKernel: os.release() }).then(
      (chosen) => {
        // Nothing usable is not remembered: QEMU may be installed or fixed meanwhile.
        if (!chosen.probes[chosen.accel].usable) this.accel = undefined;
        return chosen;
      },
      (err: unknown) => {
        this.accel = undefined;
        throw err;
      },
    );
    return this.accel;
  }

  /** Kills every VM and removes the runtime folder: called on every exit path. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const slot of this.slots.values()) slot.cancelled ??= 'Strata is quitting';
    await Promise.all([...this.machines(), ...this.templateWriters].map((m) => m.kill().catch(() => undefined)));
    for (const m of this.machines()) m.console.close('Strata is quitting');
    this.slots.clear();
    await Promise.all([...this.lans.values()].map((lan) => lan.close()));
    for (const { sink } of this.eventSinks) sink.end();
    this.eventSinks.clear();
    if (this.runtimeDir) {
      const dir = await this.runtimeDir.catch(() => undefined);
      if (dir) await fs.rm(dir, { recursive: true, force: true });
    }
  }

  private emit(event: VmEvent): void {
    if (event.type === 'image') this.lastImageProgress = event;
    const id = 'id' in event ? event.id : event.type === 'vm' ? event.vm.id : undefined;
    for (const { id: only, sink } of this.eventSinks) {
      if (only && only !== id) continue;
      if (!sink.closed) sink.write(event);
    }
  }

  private async ensureImage(force = false): Promise<GuestImageFiles> {
    try {
      return await this.image.ensure((p) => this.emit({ type: 'image', ...p }), force);
    } catch (err) {
      if (err instanceof ImageUnavailableError) throw new ApiError('unavailable', err.message);
      throw new ApiError('unavailable', `The guest image could not be built: ${(err as Error).message}`);
    }
  }

  private async ensureExtras(files: GuestImageFiles, extras: GuestPackName[]): Promise<string> {
    try {
      return await this.extras.initrd(files, extras, (p) => this.emit({ type: 'image', ...p }));
    } catch (err) {
      throw new ApiError('unavailable', `The guest extras ${extras.join(', ')} could not be built: ${(err as Error).message}`);
    }
  }

  /** Private runtime folder (sockets, logs): short, under /tmp, mode 0700. */
  runtime(): Promise<string> {
    this.runtimeDir ??= fs.mkdtemp('/tmp/strata-');
    return this.runtimeDir;
  }

  /**
   * Kills the QEMU processes a Strata that died left running (a guest must not outlive
   * its owner), as this one starts rather than at its first VM, and says which they were.
   */
  private reapStrays(log: (line: string) => void): VmEvent | undefined {
    let strays: Stray[];
    try {
      strays = reapStale(this.pidDir);
    } catch (err) {
      log(`strata: could not look for VMs left by a previous run in ${this.pidDir}: ${(err as Error).message}`);
      return undefined;
    }
    if (!strays.length) return undefined;
    const names = strays.map((s) => s.vm ?? `QEMU pid ${s.pid}`);
    const message = `Stopped ${strays.length} VM${strays.length > 1 ? 's' : ''} a previous run of Strata left running: ${strays.map((s) => (s.vm ? `${s.vm} (QEMU pid ${s.pid})` : `QEMU pid ${s.pid}`)).join(', ')}.`;
    log(`strata: ${message}`);
    return { type: 'reaped', vms: names, message };
  }

  /**
   * Claims ids and memory for `count` VMs at once, synchronously: the only place the
   * limits are checked, so concurrent requests see each other's claims.
   */
  private reserve(count: number, memoryMiB: number, id?: string): Slot[] {
    if (this.disposed) throw new ApiError('unavailable', 'Strata is shutting down');
    this.checkLimits(count, memoryMiB);
    const slots: Slot[] = [];
    for (let i = 0; i < count; i++) {
      const slot: Slot = { id: id ?? this.nextId(), memoryMiB };
      this.slots.set(slot.id, slot);
      slots.push(slot);
    }
    return slots;
  }

  /** Gives the slot up (after a failure, stop or kill): its id and memory are free again. */
  private release(slot: Slot): void {
    if (this.slots.get(slot.id) !== slot) return;
    this.slots.delete(slot.id);
    if (!slot.machine) return;
    slot.machine.console.close(`${slot.id} was removed`);
    void fs.rm(slot.machine.spec.overlay, { force: true });
    this.emit({ type: 'removed', id: slot.id });
    const lan = slot.machine.spec.net?.lan;
    if (lan && slot.machine.spec.extras.includes('criu')) void this.refreshPeers(lan);
  }

  /** Between the steps of a start: stops it if the VM was killed or Strata is quitting meanwhile. */
  private stillWanted(slot: Slot): void {
    if (slot.cancelled)
      throw new ApiError(
        'unavailable',
        `${slot.id} was ${slot.cancelled === 'killed' || slot.cancelled === 'stopped' ? `${slot.cancelled} while it was starting` : `not started: ${slot.cancelled}`}`,
      );
  }

  private async prepare(slot: Slot, req: CreateRequest): Promise<Machine> {
    const id = slot.id;
    if (!this.qemuFound) {
      const missing = await missingTools();
      if (missing.length) throw new ApiError('unavailable', describeMissing(missing));
      this.qemuFound = true;
    }
    const dir = await this.runtime();
    const ownImage = !req.kernel && !req.disk;
    const extras = req.extras ?? [];
    if (!ownImage && extras.length)
      throw new ApiError('bad-request', `extras (${extras.join(', ')}) are added to Strata's image only, not to a guest of your own kernel or disk`);
    if (extras.includes('nested') && req.memoryMiB < NESTED_MIN_MEMORY_MIB) {
      throw new ApiError(
        'bad-request',
        `a guest with the nested pack needs at least ${NESTED_MIN_MEMORY_MIB} MiB (its QEMU and the inner guest live in its memory); ${req.id ?? 'this VM'} asked for ${req.memoryMiB} MiB`,
      );
    }
    let kernel = req.kernel && (await checkUserFile('kernel', req.kernel));
    let initrd = req.initrd && (await checkUserFile('initrd', req.initrd));
    let backing: string;
    if (ownImage) {
      const files = await this.ensureImage();
      kernel = files.kernel;
      initrd = await this.ensureExtras(files, extras);
      backing = files.base;
    } else if (req.disk) {
      backing = await checkUserFile('disk', req.disk);
    } else {
      backing = (await this.ensureImage()).base;
    }
    const accel = this.options.accel ?? (await this.accelerators()).accel;
    // The VM writes only its overlay: the base (or the user's disk) is never modified.
    const overlay = path.join(dir, `${id}.qcow2`);
    const backingFormat = req.disk ? (await imageInfo(backing)).format : 'qcow2';
    this.stillWanted(slot);
    await this.newOverlay(overlay, backing, backingFormat);
    if (slot.cancelled) await fs.rm(overlay, { force: true });
    this.stillWanted(slot);
    const hostname = req.hostname ?? id;
    const lanName = req.lan ?? 'default';
    const lan = this.lan(lanName);
    await lan.open(dir);
    const ip = req.ip ? `${req.ip}/24` : lan.allocate();
    // no_timer_check: on a loaded host TCG delivers the first timer interrupts late, and
    // Linux's IO-APIC timer check then panics at boot ("IO-APIC + timer doesn't work!").
    // noirqdebug: the virtio console's driver waits for each write by polling, so the
    // interrupt that follows finds nothing to do; after 100,000 of them (a long listing)
    // Linux would disable that interrupt, and the terminal's input with it.
    const append = ownImage
      ? `console=ttyS0 console=hvc0 quiet panic=1 no_timer_check noirqdebug strata.hostname=${hostname} strata.ip=${ip}`
      : (req.append ?? 'console=ttyS0');
    const mac = this.macs.allocate();
    const machine = new Machine(
      {
        id,
        hostname,
        memoryMiB: req.memoryMiB,
        cpus: req.cpus,
        accel,
        noVirtExtensions: req.noVirtExtensions,
        kernel,
        initrd,
        append,
        overlay,
        diskVisible: Boolean(req.disk),
        ownImage,
        console: ownImage ? 'virtio' : 'serial',
        extras,
        net: { lan: lanName, ip: ownImage ? ip : req.ip, mac, args: lan.qemuArgs(mac) },
      },
      { dir, pidDir: this.pidDir, bootTimeoutMs: this.options.bootTimeoutMs ?? 120_000 },
      (e) => this.emit(e),
    );
    slot.machine = machine;
    // Guests with extras boot cold: what their packs set up at boot is theirs alone.
    if (ownImage && !extras.length && !req.coldBoot && (this.options.templates ?? process.env.STRATA_COLD_BOOT !== '1'))
      slot.template = await this.templateInputs(machine.spec);
    return machine;
  }

  private async templateInputs(spec: MachineSpec): Promise<TemplateInputs> {
    const cpu = accelCpu(spec.accel);
    return {
      kernel: await stampOf(spec.kernel!),
      initrd: await stampOf(spec.initrd!),
      qemu: await stampOf(qemuTool('qemu-system-x86_64')),
      memoryMiB: spec.memoryMiB,
      cpus: spec.cpus,
      accel: spec.accel,
      cpu: spec.noVirtExtensions ? `${cpu},-svm,-vmx` : cpu,
      console: spec.console,
      // The command line the template froze, without the identity each VM gets afterwards.
      kernelArgs: spec.append
        .split(' ')
        .filter((arg) => !arg.startsWith('strata.'))
        .join(' '),
    };
  }

  private async start(slot: Slot, machine: Machine, node: string, waitReady: boolean): Promise<void> {
    try {
      this.stillWanted(slot);
      let maker: TemplateMaker | undefined;
      if (slot.template) {
        const inputs = slot.template;
        const found = await this.templates.find(inputs);
        // No await between looking for a build under way and claiming one: VMs started
        // together make one template, the first one's.
        const pending = found ? undefined : this.templates.pending(inputs);
        if (!found && !pending) maker = this.makeTemplate(machine, inputs);
        if (pending) {
          this.emit({ type: 'vm', vm: machine.info() });
          this.emit({ type: 'boot', id: machine.id, phase: 'template', ms: 0 });
        }
        const template = found ?? (await pending);
        this.stillWanted(slot);
        if (template && (await this.startFromTemplate(slot, machine, node, template))) {
          this.whenReady(machine);
          return;
        }
      }
      try {
        await machine.boot(node, maker?.atReady);
      } finally {
        // A boot that fails, now or before its shell, makes no template: those waiting boot their kernel.
        void machine.ready().catch(() => maker?.abandon());
      }
      this.whenReady(machine);
      if (waitReady) await machine.ready();
    } catch (err) {
      await machine.kill().catch(() => undefined);
      this.stillWanted(slot);
      throw new ApiError('unavailable', `${machine.id} did not start: ${(err as Error).message}`);
    }
  }

  /** Once its shell is ready, the VMs with the criu pack on its LAN are told their peers again. */
  private whenReady(machine: Machine): void {
    const lan = machine.spec.net?.lan;
    if (lan && machine.spec.extras.includes('criu'))
      void machine.ready().then(
        () => this.refreshPeers(lan),
        () => undefined,
      );
  }

  /**
   * Starts the VM from the template, then makes it itself over the checker's channel
   * (see identityCommand). False when the template could not be used (the VM then
   * boots its kernel); a template QEMU cannot load is removed, to be made again.
   */
  private async startFromTemplate(slot: Slot, machine: Machine, node: string, template: TemplateFiles): Promise<boolean> {
    try {
      await machine.bootFromState(node, template.state, {
        ignoreShared: true,
        memoryFile: { path: template.ram, share: false },
        prepare: async () => {
          const net = machine.spec.net!;
          // Strata's own guest always has an address on its LAN.
          if (!net.ip) throw new Error(`${machine.id} has no LAN address to take`);
          const result = await machine.exec(
            identityCommand({ hostname: machine.spec.hostname, mac: net.mac, ip: net.ip, nowMs: Date.now(), seed: randomBytes(64) }),
            30_000,
          );
          if (result.exitCode !== 0) throw new Error(`the guest did not take its identity (exit ${result.exitCode}): ${result.stdout.trim()}`);
          machine.console.note(`${machine.id} started from this image's booted state (its template), then took its own name, MAC and address.`);
          // A fresh prompt, with the new hostname: the template's was printed before it was saved.
          machine.input(new TextEncoder().encode('\n'));
        },
      });
      return true;
    } catch (err) {
      this.stillWanted(slot);
      this.log(`strata: ${machine.id} could not start from its template (${(err as Error).message}); booting its kernel instead`);
      await this.templates.discard(template);
      return false;
    }
  }

  /**
   * Claims the template for `inputs` and returns what the VM runs when its shell is
   * ready: its state is saved whole then (the guest pauses for well under a second,
   * before anyone uses it), and a hidden QEMU, whose RAM is the template's file mapped
   * shared, loads it and saves it again without RAM, while the VM runs on.
   */
  private makeTemplate(machine: Machine, inputs: TemplateInputs): TemplateMaker {
    let shellReady!: (ready: boolean) => void;
    const atShell = new Promise<boolean>((resolve) => (shellReady = resolve));
    let saved!: () => void;
    const wholeSaved = new Promise<void>((resolve) => (saved = resolve));
    // Where "strata: ready" ends on the console: the prompt comes after (it may have come in the same read).
    let readyAt = 0;
    // Keys typed from the boot on reach the guest once it is saved (clones get a clean prompt).
    const release = machine.holdInput();
    void this.templates.build(
      inputs,
      async ({ dir, ram, state }) => {
        // A VM stopped before its template was saved (the user's kill), or Strata quitting, leaves the next boot to make it.
        const given = (err: unknown): never => {
          if (this.disposed) throw new TemplateAbandoned('Strata is quitting');
          throw machine.vmState === 'stopped' ? new TemplateAbandoned(`${machine.id} was stopped`) : err;
        };
        if (!(await atShell)) given(new Error(`${machine.id} did not reach its shell`));
        // Saved once the guest is idle: its login shell has printed the prompt and the
        // checker's channel has run a command. Saved at "strata: ready", every VM started
        // from the template ran that tail of the boot again (under TCG the clones of a
        // cluster spent a quarter of their start on it).
        const whole = path.join(dir, 'whole');
        try {
          await machine.console.waitFor(SHELL_PROMPT, 30_000, readyAt);
          await machine.exec('true', 30_000);
          await machine.saveState(whole);
        } catch (err) {
          given(err);
        } finally {
          release();
          saved();
        }
        const writer = await this.templateWriter(machine.spec, dir, ram);
        this.templateWriters.add(writer);
        try {
          await writer.bootFromState('node1', whole, { paused: true, memoryFile: { path: ram, share: true } });
          await writer.saveState(state, { ignoreShared: true });
        } catch (err) {
          if (this.disposed) throw new TemplateAbandoned('Strata is quitting');
          throw err;
        } finally {
          this.templateWriters.delete(writer);
          await writer.kill();
          await fs.rm(whole, { force: true });
        }
      },
      this.log,
    );
    return {
      atReady: async (readyEnd) => {
        readyAt = readyEnd;
        shellReady(true);
        await wholeSaved;
      },
      abandon: () => {
        release();
        shellReady(false);
      },
    };
  }

  /** A QEMU with the VM's devices, its NIC on no LAN, its disk a throwaway overlay: never seen in the list. */
  private async templateWriter(spec: MachineSpec, dir: string, ram: string): Promise<Machine> {
    const overlay = path.join(dir, 'overlay.qcow2');
    await this.newOverlay(overlay, (await this.ensureImage()).base, 'qcow2');
    const mac = spec.net!.mac;
    return new Machine(
      {
        ...spec,
        id: `template-${path.basename(dir).slice(5, 13)}`,
        overlay,
        net: { lan: '-', mac, args: isolatedNicArgs(mac) },
        memoryFile: { path: ram, share: true },
      },
      { dir: await this.runtime(), pidDir: this.pidDir, bootTimeoutMs: this.options.bootTimeoutMs ?? 120_000 },
      () => undefined,
    );
  }

  /**
   * Writes an empty qcow2 overlay on `backing` at `overlay`. Every empty overlay of one
   * backing file is the same bytes (its header names the backing file and its size), so
   * qemu-img makes it once per backing file, in the runtime folder, and each VM gets a
   * copy: a 16-VM cluster then waits for one qemu-img, not sixteen in a row.
   */
  private async newOverlay(overlay: string, backing: string, backingFormat: string): Promise<void> {
    const st = await fs.stat(backing);
    // A file replaced or rewritten since (a rebuilt image, the user's disk) gets a new one.
    const key = JSON.stringify([backing, backingFormat, st.ino, st.size, st.mtimeMs]);
    let empty = this.emptyOverlays.get(key);
    if (!empty) {
      const file = path.join(await this.runtime(), `empty-${createHash('sha256').update(key).digest('hex').slice(0, 12)}.qcow2`);
      empty = run(qemuTool('qemu-img'), ['create', '-q', '-f', 'qcow2', '-b', backing, '-F', backingFormat, file]).then(() => file);
      this.emptyOverlays.set(key, empty);
      empty.catch(() => this.emptyOverlays.delete(key));
    }
    await fs.copyFile(await empty, overlay);
  }

  private lan(name: string): Lan {
    let lan = this.lans.get(name);
    if (!lan) {
      lan = new Lan(name, this.lans.size + 1);
      this.lans.set(name, lan);
    }
    return lan;
  }

  /** VMs being prepared count as live: their QEMU is about to start. */
  private checkLimits(count: number, memoryMiB: number): void {
    const live = [...this.slots.values()].filter((s) => !s.machine || s.machine.isLive);
    const used = live.reduce((sum, s) => sum + s.memoryMiB, 0);
    if (live.length + count > this.maxVms) {
      throw new ApiError('limit', `Refused: ${live.length} VMs are running or starting and the limit is ${this.maxVms}. Stop one first.`);
    }
    if (used + count * memoryMiB > this.maxMemoryMiB) {
      throw new ApiError(
        'limit',
        `Refused: ${count * memoryMiB} MiB more would bring guest memory to ${used + count * memoryMiB} MiB, above the limit of ${this.maxMemoryMiB} MiB. Stop a VM or ask for less memory.`,
      );
    }
    // How many fit follows the host's free memory; VMs still starting are not in use yet.
    const startingMiB = live.filter((s) => !s.machine || s.machine.vmState === 'booting').reduce((sum, s) => sum + s.memoryMiB + QEMU_OVERHEAD_MIB, 0);
    const refusal = memoryRefusal(count, memoryMiB, { freeMiB: os.freemem() / 2 ** 20, reserveMiB: hostReserveMiB(os.totalmem() / 2 ** 20), startingMiB });
    if (refusal) throw new ApiError('limit', refusal);
  }

  private nextId(): string {
    for (let n = 1; ; n++) if (!this.slots.has(`vm${n}`)) return `vm${n}`;
  }

  private machines(): Machine[] {
    return [...this.slots.values()].flatMap((s) => (s.machine ? [s.machine] : []));
  }

  private slot(id: string): Slot {
    const slot = this.slots.get(id);
    if (!slot) throw new ApiError('not-found', `no VM named ${id}`);
    return slot;
  }

  private get(id: string): Machine {
    const m = this.slot(id).machine;
    if (!m) throw new ApiError('unavailable', `${id} is still being prepared`);
    return m;
  }

  private live(id: string): Machine {
    const m = this.get(id);
    if (!m.isLive) throw new ApiError('unavailable', `${id} is ${m.vmState}`);
    return m;
  }
}

/** Whether a live machine is the VM a checkpoint saved, so its saved state loads into the same QEMU command line. */
function sameVm(live: MachineSpec, saved: CheckpointedVm['spec']): boolean {
  const { overlay: _overlay, net, ...rest } = live;
  const { net: savedNet, ...savedRest } = saved;
  const sameFields = (a: object, b: object): boolean => {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    return [...new Set([...Object.keys(x), ...Object.keys(y)])].every((k) => JSON.stringify(x[k]) === JSON.stringify(y[k]));
  };
  return sameFields(rest, savedRest) && (net && savedNet ? sameFields({ lan: net.lan, ip: net.ip, mac: net.mac }, savedNet) : !net && !savedNet);
}

/** The prompt of the login shell of Strata's guest (assets/guest/profile: `\h:\w# `, in /root). */
const SHELL_PROMPT = /:\/root# /;

/** The VM that makes a template: what it runs at its shell, and how it gives up. */
interface TemplateMaker {
  atReady: (readyEnd: number) => Promise<void>;
  abandon: () => void;
}

/** A QMP job QEMU ended with an error becomes a refusal carrying QEMU's own words. */
function refusedByQemu(id: string, what: string): (err: unknown) => never {
  return (err) => {
    if (err instanceof QmpJobError) throw new ApiError('bad-request', `${id}: QEMU could not ${what}: ${err.qemuError}`);
    throw err;
  };
}
