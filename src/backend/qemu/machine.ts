import { closeSync, openSync, readSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { GuestPackName, MigrationResult, Snapshot, VmEvent, VmExecResult, VmInfo, VmState } from '../../api/vmApi';
import { type Accel, accelCpu } from './accel';
import { ExecChannel } from './execChannel';
import type { QmpClient, QmpEvent } from './qmpClient';
import { connectQmp, connectUnixWithRetry } from './qmpSocket';
import { INCOMING_ARGS, loadState, type SavedState, saveState, type StateOptions, waitForMigration } from './savedState';
import { type GuestHold, SerialConsole } from './serialConsole';
import { QemuProcess } from './qemuProcess';

/** Everything needed to (re)start one VM's QEMU, on any node. */
export interface MachineSpec {
  id: string;
  hostname: string;
  memoryMiB: number;
  cpus: number;
  accel: Accel;
  noVirtExtensions: boolean;
  /** Kernel + initrd, or absent to boot the disk. */
  kernel?: string;
  initrd?: string;
  append: string;
  /** The qcow2 overlay (snapshots live in it; its backing file is never written). */
  overlay: string;
  /** Attach the overlay as a virtio disk the guest sees (user disks), else as a hidden drive. */
  diskVisible: boolean;
  /** Strata's own image prints boot markers; other guests are "running" once QEMU is. */
  ownImage: boolean;
  /**
   * The terminal's channel: the first serial line, or a virtio console (the guest's hvc0,
   * Strata's image), which moves whole buffers where the UART moves a byte at a time; the
   * serial line then only writes the kernel's log to a file (docs/qemu.md#the-console).
   */
  console: 'serial' | 'virtio';
  /** Guest extras appended to the initramfs (packs of Strata's image). */
  extras: GuestPackName[];
  net?: { lan: string; ip?: string; mac: string; args: string[] };
  /**
   * Guest RAM as a file instead of anonymous memory: mapped shared to write a
   * template's RAM, privately (copy-on-write) by the VMs started from that template.
   */
  memoryFile?: { path: string; share: boolean };
}

export interface BootFromStateOptions {
  /** Runs once the guest runs again, before it counts as ready: there it becomes itself. */
  prepare?: () => Promise<void>;
  /** Leave the guest paused after the load (to save it again, as a template is made). */
  paused?: boolean;
  /** The file holds no RAM: it is in `memoryFile` (a template's). */
  ignoreShared?: boolean;
  /** The guest's RAM as a file from now on (kept for later QEMUs of this VM: migrations, restores). */
  memoryFile?: MachineSpec['memoryFile'];
}

export interface MachineRuntime {
  dir: string;
  pidDir: string;
  bootTimeoutMs: number;
}

/** One running QEMU process of a VM: before a migration there are two. */
interface Incarnation {
  node: string;
  proc: QemuProcess;
  qmp: QmpClient;
  qmpSocket: net.Socket;
  /** The terminal's channel: the serial line's socket or the virtio console's. */
  consoleSocket: net.Socket;
  /** Where the serial line writes the kernel's log when the terminal is the virtio console. */
  kernelLog?: string;
  /** The checker's channel (second serial line), in Strata's own image only. */
  execSocket?: net.Socket;
  /** Set when we stop this process on purpose, so its exit is not a crash. */
  leaving: boolean;
  shutdownReason?: string;
}

/** The line Linux prints when it panics; with `panic=1` and `-no-reboot` QEMU then exits. */
const KERNEL_PANIC = /Kernel panic - not syncing[^\r\n]*/;
/**
 * The same line once it has ended: the console arrives in chunks, and a wait that
 * matched the line's first half would report a panic without its reason.
 */
const KERNEL_PANIC_LINE = new RegExp(`${KERNEL_PANIC.source}\\r?\\n`);

const BOOT_MARKERS: ReadonlyArray<{ phase: 'init' | 'network' | 'ready'; pattern: RegExp }> = [
  { phase: 'init', pattern: /strata: init/ },
  { phase: 'network', pattern: /strata: network/ },
  { phase: 'ready', pattern: /strata: ready/ },
];

/**
 * One VM: its QEMU process (or, during a live migration, two), its QMP client and its
 * console session, which outlives processes so the terminal follows the guest.
 */
export class Machine {
  readonly console: SerialConsole;
  private readonly execChannel: ExecChannel;
  private current: Incarnation | undefined;
  private state: VmState = 'booting';
  private bootMs: number | undefined;
  private start: 'template' | 'cold' = 'cold';
  private reason: string | undefined;
  private readonly createdAt = Date.now();
  private readyPromise: Promise<void> | undefined;
  /** The end of the kernel's log when QEMU exited on its own (virtio console only: the terminal has it otherwise). */
  private kernelLogAtExit: string | undefined;
  /** Keys held from the guest while it is saved as a template (see holdInput). */
  private heldInput: Uint8Array[] | undefined;
  /** QEMU processes spawned and not yet connected: a kill must reach them too. */
  private readonly starting = new Set<QemuProcess>();
  /** QEMU processes spawned so far, numbering their socket files. */
  private spawned = 0;
  /** Resolves when the VM stops or crashes, so boot waits give up then instead of timing out. */
  private readonly ended: Promise<void>;
  private markEnded!: () => void;

  constructor(
    readonly spec: MachineSpec,
    private readonly runtime: MachineRuntime,
    private readonly emit: (event: VmEvent) => void,
  ) {
    this.console = new SerialConsole(spec.console === 'virtio' ? { guestHold: this.consoleHold() } : {});
    this.execChannel = new ExecChannel(spec.id);
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
  }

  get id(): string {
    return this.spec.id;
  }

  get vmState(): VmState {
    return this.state;
  }

  /** Counts against the limits while QEMU may be running. */
  get isLive(): boolean {
    return this.state !== 'stopped' && this.state !== 'crashed';
  }

  /** The QEMU process running the guest now (the destination's once a migration completed), to pin it to host CPUs. */
  get qemuPid(): number | undefined {
    return this.current?.proc.pid;
  }

  info(): VmInfo {
    return {
      id: this.spec.id,
      node: this.current?.node ?? '-',
      state: this.state,
      memoryMiB: this.spec.memoryMiB,
      cpus: this.spec.cpus,
      ip: this.spec.net?.ip?.split('/')[0],
      hostname: this.spec.hostname,
      accel: this.spec.accel,
      bootMs: this.bootMs,
      start: this.start,
      createdAt: this.createdAt,
      lan: this.spec.net?.lan,
      reason: this.reason,
      ...(this.spec.extras.length && { extras: this.spec.extras }),
    };
  }

  /**
   * Spawns QEMU on `node` and follows the boot; resolves once QMP answers. `atReady`
   * runs when the shell is ready, before the VM counts as running (a template is saved
   * there, before anyone else uses the guest), with where the ready line ends on the
   * console; its failure does not fail the boot.
   */
  async boot(node: string, atReady?: (readyEnd: number) => Promise<void>): Promise<void> {
    if (!this.isLive) throw new Error(`${this.id} was ${this.state} before it booted`);
    const started = Date.now();
    const from = this.console.position;
    this.setState('booting');
    if (this.spec.ownImage) {
      const stopFirst = this.console.onText(() => {
        stopFirst();
        this.emit({ type: 'boot', id: this.id, phase: 'kernel', ms: Date.now() - started });
      });
      this.readyPromise = this.followBoot(started, from, atReady);
      // Callers may never ask; a boot that never ends is reported as an event instead.
      this.readyPromise.catch(() => undefined);
    }
    const inc = await this.spawn(node);
    if (!this.isLive) {
      inc.leaving = true;
      await inc.proc.kill();
      throw new Error(`${this.id} was ${this.state} while QEMU started`);
    }
    this.current = inc;
    this.console.attach(inc.consoleSocket);
    if (inc.execSocket) this.execChannel.attach(inc.execSocket);
    this.emit({ type: 'boot', id: this.id, phase: 'spawned', ms: Date.now() - started });
    if (!this.spec.ownImage) {
      this.setState('running');
      this.readyPromise = Promise.resolve();
    }
  }

  /** Resolves when the guest's shell is ready (Strata's image), rejects if it never is. */
  ready(): Promise<void> {
    return this.readyPromise ?? Promise.reject(new Error(`${this.id} has not booted`));
  }

  /**
   * Starts QEMU on `node` from a state saved by {@link saveState} (another VM's, such as
   * a template, or this one's) instead of booting; the VM's info then says `start:
   * 'template'`. A failure kills this QEMU and rejects, so the caller can boot cold.
   */
  async bootFromState(node: string, file: string, options: BootFromStateOptions = {}): Promise<void> {
    if (!this.isLive) throw new Error(`${this.id} was ${this.state} before it booted`);
    const started = Date.now();
    this.start = 'template';
    this.spec.memoryFile = options.memoryFile;
    this.setState('booting');
    const inc = await this.spawn(node, INCOMING_ARGS);
    this.current = inc;
    this.console.attach(inc.consoleSocket);
    if (inc.execSocket) this.execChannel.attach(inc.execSocket);
    this.emit({ type: 'boot', id: this.id, phase: 'spawned', ms: Date.now() - started });
    const ready = (async () => {
      await loadState(inc.qmp, file, { ignoreShared: options.ignoreShared });
      if (options.paused) {
        this.setState('paused');
        return;
      }
      await inc.qmp.execute('cont');
      this.emit({ type: 'boot', id: this.id, phase: 'restored', ms: Date.now() - started });
      await options.prepare?.();
      this.bootMs = Date.now() - started;
      this.emit({ type: 'boot', id: this.id, phase: 'ready', ms: this.bootMs });
      this.setState('running');
    })();
    this.readyPromise = ready;
    try {
      await ready;
    } catch (err) {
      inc.leaving = true;
      await inc.proc.kill();
      if (this.current === inc) this.current = undefined;
      this.readyPromise = undefined;
      this.start = 'cold';
      this.spec.memoryFile = undefined;
      throw err;
    }
  }

  /**
   * Saves the guest's RAM and device state to `file` ({@link saveState}): the guest
   * pauses for the save (well under a second for a small guest) and runs on after,
   * unless it was paused. Disks are not in the file (Strata's guest never uses one).
   */
  saveState(file: string, options?: StateOptions): Promise<SavedState> {
    return saveState(this.qmp(), file, options);
  }

  /**
   * Brings the guest back to a state `saveState` wrote: a new QEMU on the same node
   * loads the file, the console and checker's channel switch to it and the old QEMU
   * exits. The guest runs from the saved moment, or stays paused with `paused` (to start
   * several guests together with `resume()`).
   */
  async restoreState(file: string, paused = false): Promise<{ ms: number }> {
    const source = this.current;
    if (!source) throw new Error(`${this.id} is not running`);
    const started = Date.now();
    const dest = await this.spawn(source.node, INCOMING_ARGS);
    try {
      await loadState(dest.qmp, file);
    } catch (err) {
      dest.leaving = true;
      await dest.proc.kill();
      throw err;
    }
    await this.switchTo(source, dest);
    if (paused) {
      this.setState('paused');
    } else {
      await dest.qmp.execute('cont');
      this.setState(this.bootMs === undefined && this.spec.ownImage ? 'booting' : 'running');
    }
    return { ms: Date.now() - started };
  }

  /**
   * Rewinds to a state `saveState` wrote (a seminar checkpoint), whether or not QEMU runs
   * now (after a restart of Strata it does not): the current QEMU is killed first, so
   * that `prepareDisk` can put the saved overlay back while no process holds it, then a
   * new QEMU on `node` loads the file. The guest is left paused at the saved moment, its
   * shell counted as ready; `resume()` starts it, so several can start together.
   */
  async rewindTo(file: string, node: string, bootMs: number | undefined, prepareDisk: () => Promise<void>): Promise<void> {
    const old = this.current;
    if (old) {
      old.leaving = true;
      await old.proc.kill();
    }
    this.current = undefined;
    this.setState('booting');
    await prepareDisk();
    const inc = await this.spawn(node, INCOMING_ARGS);
    this.current = inc;
    this.console.attach(inc.consoleSocket);
    if (inc.execSocket) this.execChannel.attach(inc.execSocket);
    try {
      await loadState(inc.qmp, file);
    } catch (err) {
      inc.leaving = true;
      await inc.proc.kill();
      this.current = undefined;
      throw err;
    }
    this.bootMs = bootMs;
    this.readyPromise = Promise.resolve();
    this.setState('paused');
  }

  async pause(): Promise<void> {
    await this.qmp().execute('stop');
    this.setState('paused');
  }

  async resume(): Promise<void> {
    await this.qmp().execute('cont');
    this.setState(this.bootMs === undefined && this.spec.ownImage ? 'booting' : 'running');
  }

  /** Saves RAM, devices and disk into the overlay (QMP job `snapshot-save`; the guest pauses meanwhile). */
  async saveSnapshot(name: string): Promise<Snapshot> {
    const node = (await this.disk())['node-name'];
    await this.qmp().runJob('snapshot-save', { tag: name, vmstate: node, devices: [node] }, 120_000);
    const found = (await this.snapshots()).find((s) => s.name === name);
    if (!found) throw new Error(`snapshot ${name} was not recorded`);
    return found;
  }

  /** Brings the guest back to a snapshot (QMP job `snapshot-load`); a paused VM stays paused. */
  async loadSnapshot(name: string): Promise<void> {
    const node = (await this.disk())['node-name'];
    const wasPaused = this.state === 'paused';
    try {
      await this.qmp().runJob('snapshot-load', { tag: name, vmstate: node, devices: [node] }, 120_000);
    } catch (err) {
      // QEMU leaves the guest stopped after a failed load. When the snapshot was not
      // there, nothing was loaded and the guest runs on; otherwise its state is unknown.
      if (!wasPaused) {
        if ((await this.snapshots()).some((s) => s.name === name)) this.setState('paused');
        else await this.qmp().execute('cont');
      }
      throw err;
    }
  }

  async snapshots(): Promise<Snapshot[]> {
    return ((await this.disk()).image?.snapshots ?? []).map((s) => ({
      name: s.name,
      vmStateBytes: s['vm-state-size'],
      takenAt: s['date-sec'] * 1000 + Math.round(s['date-nsec'] / 1e6),
    }));
  }

  /** The VM's overlay as `query-block` reports it: its node name and its snapshots. */
  private async disk(): Promise<InsertedBlock> {
    const drive = (await this.qmp().execute<Array<{ device: string; inserted?: InsertedBlock }>>('query-block')).find((b) => b.device === 'disk0');
    if (!drive?.inserted) throw new Error(`${this.id} has no disk0 drive`);
    return drive.inserted;
  }

  /**
   * Live migration to a second QEMU process standing for another node: the destination
   * listens with `-incoming`, the source sends its RAM over local TCP (pre-copy), then the
   * console switches to the destination and the source exits.
   */
  async migrate(toNode: string): Promise<MigrationResult> {
    const source = this.current;
    if (!source) throw new Error(`${this.id} is not running`);
    const previous = this.state;
    const port = await freePort();
    const dest = await this.spawn(toNode, ['-incoming', `tcp:127.0.0.1:${port}`]);
    this.setState('migrating');
    this.emit({ type: 'migration', id: this.id, phase: 'started', toNode });
    try {
      await source.qmp.execute('migrate', { uri: `tcp:127.0.0.1:${port}` });
      const stats = await waitForMigration(source.qmp);
      const result: MigrationResult = {
        id: this.id,
        fromNode: source.node,
        toNode,
        totalMs: stats['total-time'] ?? 0,
        downtimeMs: stats.downtime ?? 0,
        ramBytes: stats.ram?.transferred ?? 0,
      };
      await this.switchTo(source, dest);
      this.setState(previous === 'paused' ? 'paused' : this.bootMs === undefined && this.spec.ownImage ? 'booting' : 'running');
      this.emit({ type: 'migration', id: this.id, phase: 'completed', toNode, result });
      return result;
    } catch (err) {
      dest.leaving = true;
      await dest.proc.kill();
      if (this.current === source && !source.proc.hasExited) {
        // A failed migration leaves the source paused at worst: let it run on.
        await source.qmp.execute('migrate_cancel').catch(() => undefined);
        if (previous !== 'paused') await source.qmp.execute('cont').catch(() => undefined);
        this.setState(previous);
      }
      this.emit({ type: 'migration', id: this.id, phase: 'failed', toNode, message: (err as Error).message });
      throw err;
    }
  }

  /** Power button first (the guest's acpid powers off), then QMP quit, then the kill. */
  async shutdown(graceMs = 3000): Promise<void> {
    const inc = this.current;
    if (!inc || inc.proc.hasExited) {
      await this.killStarting();
      this.finish('stopped', this.reason ?? 'stopped');
      return;
    }
    this.setState('stopping');
    inc.leaving = true;
    const exited = (ms: number): Promise<boolean> =>
      Promise.race([inc.proc.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
    await inc.qmp.execute('system_powerdown', undefined, 2000).catch(() => undefined);
    // QEMU ends by itself when its guest powers off: before the grace is over, that was the guest.
    const poweredOff = await exited(graceMs);
    if (!poweredOff) {
      await inc.qmp.execute('quit', undefined, 1000).catch(() => undefined);
      if (!(await exited(1000))) await inc.proc.kill();
    }
    this.finish('stopped', poweredOff ? 'the guest powered off' : 'shut down (the guest did not power off in time: QEMU was ended)');
  }

  /** Kills QEMU's process group at once. */
  async kill(): Promise<void> {
    const inc = this.current;
    if (inc) {
      inc.leaving = true;
      await inc.proc.kill();
    }
    await this.killStarting();
    this.finish('stopped', 'killed');
  }

  /**
   * Hands the VM over from `source` to `dest`: the source exits, what its serial line
   * still held is read, then the console and the checker's channel follow the
   * destination (whose bytes wait in its sockets until then).
   */
  private async switchTo(source: Incarnation, dest: Incarnation): Promise<void> {
    source.leaving = true;
    const sourceClosed = new Promise<void>((resolve) => source.consoleSocket.once('close', () => resolve()));
    await source.proc.kill();
    await Promise.race([sourceClosed, new Promise((r) => setTimeout(r, 1000))]);
    this.current = dest;
    this.console.attach(dest.consoleSocket);
    if (dest.execSocket) this.execChannel.attach(dest.execSocket);
  }

  /**
   * Backpressure on the virtio console: QEMU drops what the console's socket cannot take
   * at once (its virtconsole never waits, since Linux's hvc driver writes holding a
   * spinlock), so the socket is always read and a terminal that falls behind stops the
   * guest instead, as the serial line's UART would make it wait. Only a running guest is
   * stopped and let go again: one the user paused stays paused.
   */
  private consoleHold(): GuestHold {
    let held = false;
    const live = (): Incarnation | undefined => {
      const inc = this.current;
      return inc && !inc.proc.hasExited && (this.state === 'running' || this.state === 'booting') ? inc : undefined;
    };
    return {
      hold: () => {
        const inc = live();
        if (!inc) return;
        held = true;
        inc.qmp.execute('stop').catch(() => undefined);
      },
      release: () => {
        if (!held) return;
        held = false;
        live()
          ?.qmp.execute('cont')
          .catch(() => undefined);
      },
    };
  }

  private async killStarting(): Promise<void> {
    await Promise.all([...this.starting].map((proc) => proc.kill()));
  }

  /** Sends keystrokes to the guest. */
  input(bytes: Uint8Array): void {
    if (this.heldInput) this.heldInput.push(bytes);
    else this.console.input(bytes);
  }

  /**
   * Keeps keys typed on the console from the guest until the returned function is
   * called (then they go in, in order): a guest being saved as a template must be at a
   * pristine prompt, or every VM started from it would find the same half-typed line.
   */
  holdInput(): () => void {
    const held: Uint8Array[] = [];
    this.heldInput = held;
    return () => {
      if (this.heldInput !== held) return;
      this.heldInput = undefined;
      for (const bytes of held) this.console.input(bytes);
    };
  }

  /**
   * Runs a shell command in the guest over the checker's channel, never through the
   * console, so the student's terminal shows nothing of it. Strata's image only.
   */
  exec(command: string, timeoutMs = 30_000): Promise<VmExecResult> {
    if (!this.spec.ownImage) return Promise.reject(new Error(`${this.id} runs its own guest: commands can be run only in Strata's image`));
    return this.execChannel.run(command, timeoutMs);
  }

  /**
   * Follows the boot markers; fails as soon as the kernel panics or QEMU ends (a guest too
   * small for its kernel dies within seconds), with the panic line when there is one.
   */
  private async followBoot(started: number, from: number, atReady?: (readyEnd: number) => Promise<void>): Promise<void> {
    const giveUp = new AbortController();
    // Its own timeout is not a failure: the marker waits report that.
    const panicked = this.console.waitFor(KERNEL_PANIC_LINE, this.runtime.bootTimeoutMs, from, giveUp.signal).then(
      (line) => Promise.reject(new Error(`the guest's kernel panicked: ${line[0].trim()}`)),
      () => new Promise<never>(() => undefined),
    );
    const ended = this.ended.then(() => {
      // A panic before the virtio console is up is only in the kernel's log, read at the exit.
      const panic = this.panicLine(from);
      if (panic && this.kernelLogAtExit?.includes(panic)) throw new Error(`the guest's kernel panicked: ${panic}`);
      throw new Error(`${this.id} ${this.state} before its shell was ready: ${this.reason ?? 'no reason given'}${panic ? ` (${panic})` : ''}`);
    });
    try {
      for (const marker of BOOT_MARKERS) {
        let seen;
        try {
          seen = await Promise.race([this.console.waitFor(marker.pattern, this.runtime.bootTimeoutMs, from, giveUp.signal), panicked, ended]);
        } catch (err) {
          if (this.isLive) this.emit({ type: 'vm', vm: { ...this.info(), reason: this.panicLine(from) ?? `no "${marker.pattern.source}" on the console` } });
          throw err;
        }
        if (marker.phase === 'ready') await atReady?.(seen.end).catch(() => undefined);
        const ms = Date.now() - started;
        this.emit({ type: 'boot', id: this.id, phase: marker.phase, ms });
        if (marker.phase === 'ready') {
          this.bootMs = ms;
          if (this.state === 'booting') this.setState('running');
          else this.emit({ type: 'vm', vm: this.info() });
        }
      }
    } finally {
      giveUp.abort();
    }
  }

  private panicLine(from: number): string | undefined {
    return (KERNEL_PANIC.exec(this.console.textSince(from)) ?? KERNEL_PANIC.exec(this.kernelLogAtExit ?? ''))?.[0].trim();
  }

  private qmp(): QmpClient {
    if (!this.current || this.current.proc.hasExited) throw new Error(`${this.id} is not running`);
    return this.current.qmp;
  }

  private qemuArgs(base: string, incoming: readonly string[] = []): string[] {
    const s = this.spec;
    const cpu = accelCpu(s.accel);
    const args = [
      '-name',
      `${s.id},process=strata-${s.id}`,
      '-accel',
      s.accel,
      '-cpu',
      s.noVirtExtensions ? `${cpu},-svm,-vmx` : cpu,
      '-m',
      String(s.memoryMiB),
      ...(s.memoryFile
        ? [
            '-object',
            `memory-backend-file,id=pc.ram,size=${s.memoryMiB}M,mem-path=${s.memoryFile.path},share=${s.memoryFile.share ? 'on' : 'off'}`,
            '-machine',
            'memory-backend=pc.ram',
          ]
        : []),
      '-smp',
      String(s.cpus),
      '-nodefaults',
      '-no-user-config',
      '-display',
      'none',
      // A panic or reboot ends QEMU, which the backend reports instead of a silent loop.
      '-no-reboot',
      // wait=on: QEMU starts the guest only once we are connected, so no byte is lost.
      ...(s.console === 'virtio'
        ? [
            '-chardev',
            `file,id=ser0,path=${base}.log`,
            '-serial',
            'chardev:ser0',
            // One port, no multiport: the guest adds hvc0 while its driver loads, not later.
            '-device',
            'virtio-serial-pci,max_ports=1',
            '-chardev',
            `socket,id=con0,path=${base}.con,server=on,wait=on`,
            '-device',
            'virtconsole,chardev=con0',
          ]
        : ['-chardev', `socket,id=ser0,path=${base}.ser,server=on,wait=on`, '-serial', 'chardev:ser0']),
      '-chardev',
      `socket,id=qmp0,path=${base}.qmp,server=on,wait=off`,
      '-mon',
      'chardev=qmp0,mode=control',
      ...(s.ownImage ? ['-chardev', `socket,id=exec0,path=${base}.exec,server=on,wait=off`, '-serial', 'chardev:exec0'] : []),
      '-drive',
      `file=${s.overlay},format=qcow2,id=disk0,${s.diskVisible ? 'if=virtio' : 'if=none'}`,
    ];
    if (s.kernel) args.push('-kernel', s.kernel, '-append', s.append);
    if (s.initrd) args.push('-initrd', s.initrd);
    if (s.net) args.push(...s.net.args);
    args.push(...incoming);
    return args;
  }

  private async spawn(node: string, incoming?: readonly string[]): Promise<Incarnation> {
    // A restore on the node the VM runs on needs sockets beside the running ones.
    const n = this.spawned++;
    const base = path.join(this.runtime.dir, `${this.spec.id}-${node}${n ? `-${n}` : ''}`);
    const proc = await QemuProcess.spawn(this.qemuArgs(base, incoming), this.runtime.pidDir, this.runtime.dir, this.spec.id);
    this.starting.add(proc);
    const failed = proc.exited.then(() => {
      throw new Error(`QEMU for ${this.id} exited at start: ${proc.stderr || 'no message'}`);
    });
    try {
      const virtio = this.spec.console === 'virtio';
      const consoleSocket = await Promise.race([connectUnixWithRetry(virtio ? `${base}.con` : `${base}.ser`, 15_000), failed]);
      consoleSocket.on('error', () => consoleSocket.destroy());
      const { client, socket } = await Promise.race([connectQmp(`${base}.qmp`, 15_000), failed]);
      const execSocket = this.spec.ownImage ? await Promise.race([connectUnixWithRetry(`${base}.exec`, 15_000), failed]) : undefined;
      execSocket?.on('error', () => execSocket.destroy());
      const inc: Incarnation = {
        node,
        proc,
        qmp: client,
        qmpSocket: socket,
        consoleSocket,
        kernelLog: virtio ? `${base}.log` : undefined,
        execSocket,
        leaving: false,
      };
      client.onEvent((e) => this.onQmpEvent(inc, e));
      void proc.exited.then((exit) => this.onExit(inc, exit.code, exit.signal));
      return inc;
    } catch (err) {
      await proc.kill();
      failed.catch(() => undefined);
      throw err;
    } finally {
      this.starting.delete(proc);
    }
  }

  private onQmpEvent(inc: Incarnation, event: QmpEvent): void {
    if (event.event === 'SHUTDOWN') inc.shutdownReason = String(event.data?.reason ?? 'unknown');
  }

  private onExit(inc: Incarnation, code: number | null, signal: NodeJS.Signals | null): void {
    inc.qmpSocket.destroy();
    inc.consoleSocket.destroy();
    inc.execSocket?.destroy();
    if (inc !== this.current || inc.leaving) return;
    if (inc.kernelLog) this.kernelLogAtExit = readTail(inc.kernelLog, 16_384);
    if (inc.shutdownReason === 'guest-shutdown') {
      this.console.note('The guest powered off.');
      this.finish('stopped', 'the guest powered off');
      return;
    }
    const why =
      inc.shutdownReason === 'guest-reset' || inc.shutdownReason === 'guest-panic'
        ? `the guest ${inc.shutdownReason === 'guest-panic' ? 'panicked' : 'rebooted (a kernel panic reboots it)'}`
        : `QEMU exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})${inc.proc.stderr ? `: ${inc.proc.stderr.split('\n').slice(-2).join(' ')}` : ''}`;
    this.console.note(`Machine ${this.id} crashed: ${why}`);
    this.finish('crashed', why);
  }

  private finish(state: 'stopped' | 'crashed', reason: string): void {
    this.reason = reason;
    this.current = undefined;
    this.setState(state);
    this.markEnded();
  }

  private setState(state: VmState): void {
    this.state = state;
    this.emit({ type: 'vm', vm: this.info() });
  }
}

/** The medium of a `query-block` entry: its block node and its internal snapshots. */
interface InsertedBlock {
  'node-name': string;
  image?: { snapshots?: Array<{ name: string; 'vm-state-size': number; 'date-sec': number; 'date-nsec': number }> };
}

/** A TCP port free on 127.0.0.1 right now (for `-incoming`). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** The last `bytes` of a file, as text; empty when it cannot be read. Read at once: QEMU has just exited. */
function readTail(file: string, bytes: number): string {
  try {
    const size = statSync(file).size;
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(size, bytes));
      readSync(fd, buffer, 0, buffer.length, size - buffer.length);
      return buffer.toString();
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}
