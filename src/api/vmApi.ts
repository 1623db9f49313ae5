import { z } from 'zod';
import { byteStream, command, jsonStream } from './define';

/** A VM id: short, because it names runtime files and shows on tabs. */
export const VmId = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'a VM id is lower-case letters, digits and dashes, starting with a letter');

/** A "physical node" a VM runs on or migrates to (a QEMU process group), e.g. `node1`. */
export const NodeName = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'a node name is lower-case letters, digits and dashes, starting with a letter');

/**
 * Where a VM is in its life. `booting` lasts from spawn until the guest's shell prints
 * its ready marker; `crashed` means QEMU exited or the guest panicked without being asked.
 */
export const VmState = z.enum(['booting', 'running', 'paused', 'migrating', 'stopping', 'stopped', 'crashed']);
export type VmState = z.infer<typeof VmState>;

/**
 * Guest extras (docs/qemu.md#guest-extras): named packs of Debian software and kernel
 * modules, appended to the initramfs of the VMs that ask for them only.
 */
export const GuestPackName = z.enum(['criu', 'nested']);
export type GuestPackName = z.infer<typeof GuestPackName>;

/**
 * The least RAM of a guest with the nested pack (docs/qemu.md#nesting-a-hypervisor-inside-a-guest):
 * the pack's QEMU, libraries and inner kernel live in the guest's RAM beside the inner guest's 256 MiB.
 */
export const NESTED_MIN_MEMORY_MIB = 1024;
const GuestExtras = z.array(GuestPackName).max(4).optional();

/** What the Machines view shows for one VM. */
export const VmInfo = z.object({
  id: VmId,
  /** The "physical node" (QEMU process group) the VM currently runs on, e.g. `node1`. */
  node: z.string(),
  state: VmState,
  memoryMiB: z.number().int(),
  cpus: z.number().int(),
  /** The guest's address on the virtual LAN, when it has one. */
  ip: z.string().optional(),
  hostname: z.string(),
  /** How QEMU runs the guest: KVM when it works here, else TCG emulation. */
  accel: z.enum(['kvm', 'hvf', 'whpx', 'tcg']),
  /** Spawn to shell prompt, once reached. */
  bootMs: z.number().optional(),
  /** Restored from the image's booted-state template, or booted from its kernel. */
  start: z.enum(['template', 'cold']),
  /** Milliseconds since the epoch. */
  createdAt: z.number(),
  /** The LAN the VM is plugged into (VMs on one LAN ping each other). */
  lan: z.string().optional(),
  /** Why it stopped or crashed, in words. */
  reason: z.string().optional(),
  /** The guest extras it booted with. */
  extras: z.array(GuestPackName).optional(),
});
export type VmInfo = z.infer<typeof VmInfo>;

/**
 * What a VM's QEMU process takes of the host's memory now (Linux hosts): resident pages
 * (RSS), and its proportional share (PSS), where each page shared with other VMs (those
 * of the template's RAM file) counts divided among them.
 */
export const VmMemoryUse = z.object({
  id: VmId,
  residentMiB: z.number(),
  proportionalMiB: z.number(),
});
export type VmMemoryUse = z.infer<typeof VmMemoryUse>;

/**
 * The least guest RAM accepted. Strata's guest (Debian's cloud kernel and a 1.2 MB
 * initramfs) panicked at 68 and 70 MiB and reset silently at 64 and 66; it reached its
 * shell at 72 and, with its disk and network, at 96 MiB. This keeps a margin above that.
 */
export const GUEST_MIN_MEMORY_MIB = 128;

/**
 * The most VMs one LAN holds: its addresses are 10.99.N.11 to 10.99.N.254. How many of
 * them run at once follows the host's free memory, not this number.
 */
export const LAN_MAX_VMS = 244;

/** Guest RAM in MiB; callers add their own maximum and default. */
const GuestMemoryMiB = z
  .number()
  .int()
  .min(GUEST_MIN_MEMORY_MIB, `a VM needs at least ${GUEST_MIN_MEMORY_MIB} MiB of memory: the guest kernel does not boot with less`);

export const VmCreateRequest = z.object({
  /** Chosen by the backend (`vm1`, `vm2`...) when absent. */
  id: VmId.optional(),
  node: NodeName.optional(),
  memoryMiB: GuestMemoryMiB.max(4096).default(256),
  cpus: z.number().int().min(1).max(4).default(1),
  hostname: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,30}$/)
    .optional(),
  /** Joins the VM to this LAN with the given (or a derived) address. */
  lan: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,30}$/)
    .optional(),
  ip: z.ipv4().optional(),
  /** Show the guest a CPU without AMD-V/VT-x (`-cpu qemu64,-svm`). */
  noVirtExtensions: z.boolean().default(false),
  /** The user's own guest instead of Strata's image: absolute paths on the backend host. */
  kernel: z.string().optional(),
  initrd: z.string().optional(),
  disk: z.string().optional(),
  /** Extra kernel command line (with a user kernel). */
  append: z.string().optional(),
  /** Resolve only once the shell is ready (else right after spawn, state `booting`). */
  waitReady: z.boolean().default(false),
  /** Packs added to Strata's image for this VM (e.g. `['criu']`). */
  extras: GuestExtras,
  /** Boot from the kernel even when the image's booted-state template could be used. */
  coldBoot: z.boolean().optional(),
});

export const Snapshot = z.object({
  name: z.string(),
  /** Size of the VM state in the overlay, as `qemu-img snapshot -l` reports it. */
  vmStateBytes: z.number().optional(),
  takenAt: z.number(),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const SnapshotName = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a snapshot name is letters, digits, - and _');

/** What a live migration cost, as QEMU's query-migrate reports it. */
export const MigrationResult = z.object({
  id: VmId,
  fromNode: z.string(),
  toNode: z.string(),
  totalMs: z.number(),
  downtimeMs: z.number(),
  ramBytes: z.number(),
});
export type MigrationResult = z.infer<typeof MigrationResult>;

/** What a command run in a guest by `vm.exec` gave back. */
export const VmExecResult = z.object({
  /** stdout and stderr together, at most 64 KiB. */
  stdout: z.string(),
  /** 137 when the command was killed for running past `timeoutMs`. */
  exitCode: z.number().int(),
  /** The command wrote more than is kept. */
  truncated: z.boolean(),
});
export type VmExecResult = z.infer<typeof VmExecResult>;

/** One process of a guest with the criu pack, as its `lps` lists it. */
export const GuestProcess = z.object({
  /** The guest (VM id) it runs in now. */
  vm: VmId,
  /** Cluster-wide PID, Kerrighed's way: the node that created it, then its PID there; it moves with the process. */
  cpid: z.number().int(),
  /** Its PID in the guest it runs in now. */
  pid: z.number().int(),
  /** What a workload started by Strata (ssi-run) last wrote: its count. */
  progress: z.number().int().optional(),
  command: z.string(),
});
export type GuestProcess = z.infer<typeof GuestProcess>;

/** The workloads Strata starts in a guest for process migration (assets/guest/packs/criu). */
export const GuestWorkload = z.enum(['counter', 'cpuloop']);

/** A process checkpointed with CRIU in one guest and restored in another (docs/cli.md, `strata demo process-migration`). */
export const ProcessMigrationResult = z.object({
  from: VmId,
  to: VmId,
  /** Its cluster-wide PID, the same before and after. */
  pid: z.number().int(),
  /** Its progress read just before the checkpoint, and read again on the destination. */
  before: z.number().int(),
  after: z.number().int(),
  /** It went on from where it was: the restored process counts on from its checkpointed value. */
  continuity: z.boolean(),
  imageBytes: z.number().int(),
  /** From the moment CRIU began to dump it until the restored process runs: how long it stood still (docs/cli.md). */
  freezeMs: z.number(),
  totalMs: z.number(),
  /** Its PID in the destination guest, and inside its own PID namespace (the same as before). */
  newPid: z.number().int(),
  nsPid: z.number().int(),
});
export type ProcessMigrationResult = z.infer<typeof ProcessMigrationResult>;

/** A process checkpointed in its guest (Kerrighed's checkpoint service), to be restarted later. */
export const ProcessCheckpoint = z.object({ vm: VmId, cpid: z.number().int(), imageBytes: z.number().int(), frozenMs: z.number() });
export type ProcessCheckpoint = z.infer<typeof ProcessCheckpoint>;

/** A tool Strata needs on the host and the command that installs it. */
export const MissingTool = z.object({ tool: z.string(), install: z.string() });

/** The guest image (kernel + initramfs built from Debian packages). */
export const ImageStatus = z.object({
  state: z.enum(['missing', 'building', 'ready', 'unavailable']),
  /** Debian kernel package the image was (or will be) built from. */
  kernelPackage: z.string().optional(),
  builtAt: z.number().optional(),
  /** When `unavailable`: what is missing and how to install it. */
  missing: z.array(MissingTool).optional(),
  message: z.string().optional(),
});
export type ImageStatus = z.infer<typeof ImageStatus>;

export const BootPhase = z.enum(['template', 'spawned', 'kernel', 'init', 'network', 'restored', 'ready']);
export type BootPhase = z.infer<typeof BootPhase>;

/** Each boot phase in words, for progress lines and the Machines view. */
export const BOOT_PHASE_TEXT: Record<BootPhase, string> = {
  template: 'waiting for the template',
  spawned: 'QEMU started',
  kernel: 'kernel booting',
  init: 'init running',
  network: 'network up',
  restored: 'restored from the template',
  ready: 'shell ready',
};

/** Every event of `vm.events`. */
export const VmEvent = z.discriminatedUnion('type', [
  /** A VM appeared or changed (state, node, ip, bootMs): replace the row. */
  z.object({ type: z.literal('vm'), vm: VmInfo }),
  /**
   * Ends the list a subscription opens with: the id of every VM there is (of the one asked
   * for, with `id`). A view drops the rows it holds that are not here: VMs removed while it
   * was not listening (its connection was down).
   */
  z.object({ type: z.literal('listed'), ids: z.array(VmId) }),
  /** A VM was removed from the list (after stop or kill). */
  z.object({ type: z.literal('removed'), id: VmId }),
  /**
   * Boot milestones, until the shell is ready: read from the console on a cold boot;
   * on a start from the template, `template` (waiting while the first VM makes it),
   * `spawned`, `restored` (its state loaded, now taking its own identity), `ready`.
   */
  z.object({
    type: z.literal('boot'),
    id: VmId,
    phase: BootPhase,
    ms: z.number(),
  }),
  /** Guest image build progress (`done`/`total` steps). */
  z.object({
    type: z.literal('image'),
    phase: z.enum(['resolve', 'download', 'extract', 'initramfs', 'ready', 'failed']),
    message: z.string(),
    done: z.number().int(),
    total: z.number().int(),
    /** While a package or index downloads: bytes so far and in all. */
    bytes: z.object({ received: z.number().int(), total: z.number().int() }).optional(),
  }),
  /** VMs a previous run of Strata left running (it was killed), stopped as this one started. */
  z.object({ type: z.literal('reaped'), vms: z.array(z.string()), message: z.string() }),
  /** Live migration progress and result. */
  z.object({
    type: z.literal('migration'),
    id: VmId,
    phase: z.enum(['started', 'completed', 'failed']),
    toNode: z.string(),
    result: MigrationResult.optional(),
    message: z.string().optional(),
  }),
]);
export type VmEvent = z.infer<typeof VmEvent>;

const ById = z.object({ id: VmId });

export const vmCommands = {
  'vm.list': command(z.object({}), z.array(VmInfo)),
  /** Host memory each running VM takes now; empty where the host does not tell (not Linux). */
  'vm.memory': command(z.object({}), z.array(VmMemoryUse)),
  /** Creates and boots a VM (the image is built first when needed). */
  'vm.create': command(VmCreateRequest, VmInfo),
  'vm.pause': command(ById, VmInfo),
  'vm.resume': command(ById, VmInfo),
  'vm.snapshot.save': command(z.object({ id: VmId, name: SnapshotName }), Snapshot),
  'vm.snapshot.load': command(z.object({ id: VmId, name: SnapshotName }), VmInfo),
  'vm.snapshot.list': command(ById, z.array(Snapshot)),
  /** Live-migrates to another node (a second QEMU process); the console follows. */
  'vm.migrate': command(z.object({ id: VmId, toNode: NodeName }), MigrationResult),
  /** Asks the guest to power off, kills it after a grace period. */
  'vm.stop': command(ById, z.object({})),
  'vm.kill': command(ById, z.object({})),
  /**
   * Types into the console: bytes as base64 text or as a list of numbers (keys,
   * pasted text). There is no resize command: no window size is passed to the guest, so
   * a full-screen program learns it from `stty rows R cols C` typed in the guest.
   */
  'vm.input': command(
    z.object({ id: VmId, data: z.union([z.object({ base64: z.string() }), z.object({ bytes: z.array(z.number().int().min(0).max(255)) })]) }),
    z.object({}),
  ),
  /**
   * Runs a shell command as root in a guest of Strata's image, for exercise checks: over
   * a channel of its own (the guest's second serial line), so nothing of it shows in the
   * student's terminal. The command runs in a fresh `sh -c` with no terminal and is killed
   * after `timeoutMs`.
   */
  'vm.exec': command(
    z.object({ id: VmId, command: z.string().min(1).max(8192), timeoutMs: z.number().int().min(100).max(120_000).default(10_000) }),
    VmExecResult,
  ),
  /** The processes of one guest with the criu pack, with their cluster-wide PIDs. */
  'vm.processes': command(ById, z.array(GuestProcess)),
  /** Every process of every guest with the criu pack on a LAN: the cluster-wide process view. */
  'cluster.processes': command(z.object({ lan: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/) }), z.array(GuestProcess)),
  /** Starts a migratable workload (PID 1 of a PID namespace of its own) in a guest with the criu pack. */
  'vm.process.start': command(z.object({ id: VmId, workload: GuestWorkload }), GuestProcess),
  /** CRIU checkpoints a process in one guest, sends its images over the LAN, restores it in another. */
  'vm.process.migrate': command(z.object({ id: VmId, pid: z.number().int().min(2), to: VmId }), ProcessMigrationResult),
  /** CRIU checkpoints a process in its guest (it stops), kept there for `vm.process.restart`. */
  'vm.process.checkpoint': command(z.object({ id: VmId, pid: z.number().int().min(2) }), ProcessCheckpoint),
  /** Restores a checkpointed process in the guest that checkpointed it, with its cluster-wide PID. */
  'vm.process.restart': command(z.object({ id: VmId, cpid: z.number().int().min(1) }), GuestProcess),
  /** N VMs spread over M nodes on one LAN (`strata deploy`). */
  'cluster.deploy': command(
    z.object({
      nbvm: z.number().int().min(1).max(LAN_MAX_VMS),
      nbnode: z.number().int().min(1).max(LAN_MAX_VMS),
      memoryMiB: GuestMemoryMiB.max(1024).default(192),
      waitReady: z.boolean().default(false),
      extras: GuestExtras,
      coldBoot: z.boolean().default(false),
    }),
    z.array(VmInfo),
  ),
  'image.status': command(z.object({}), ImageStatus),
  /** Builds (or rebuilds, with `force`) the guest image; progress on `vm.events`. */
  'image.build': command(z.object({ force: z.boolean().default(false) }), ImageStatus),
};

export const vmStreams = {
  /**
   * The console (the terminal). On subscribe the backend first replays what it has kept of the
   * screen (a ring buffer fed from the guest's first byte), then live output; chunks
   * never cut a UTF-8 character. It follows the VM across migrations and ends when
   * the VM is removed.
   */
  'vm.console': byteStream(ById),
  /** State changes, boot progress, image build and migration; all VMs unless `id`. */
  'vm.events': jsonStream(z.object({ id: VmId.optional() }), VmEvent),
};
