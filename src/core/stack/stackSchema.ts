import { z } from 'zod';

/*
 * The stack-file format (docs/stack-format.md), as zod schemas. Defaults that are
 * constants live here; defaults that depend on other layers (a vm's arch is its host's, a
 * hypervisor's technique depends on its product) are resolved in stackGraph.ts, so the
 * parsed model keeps what the author wrote for them.
 */

/** A layer id: letters, digits, `-` and `_`. */
export const LayerId = z.string().regex(/^[A-Za-z0-9_-]+$/, 'an id holds only letters, digits, "-" and "_"');

/** What a layer names with `on`: one id, or a list (for `ssi` and `vsmp`). */
export const OnRef = z.union([LayerId, z.array(LayerId)]);
export type OnRef = z.infer<typeof OnRef>;

/** CPU architectures a node or vm can have. i386 runs natively on x86_64 hardware. */
export const Arch = z.enum(['x86_64', 'i386', 'ppc', 'ppc64', 'arm', 'aarch64']);
export type Arch = z.infer<typeof Arch>;

/** How a hypervisor runs its guests (docs/stack-format.md: hw, bt, pv, emulation). */
export const Technique = z.enum(['hw', 'bt', 'pv', 'emulation']);
export type Technique = z.infer<typeof Technique>;

export const HypervisorProduct = z.enum(['xen', 'vmware-esx', 'vsmp', 'vmware-workstation', 'virtualbox', 'kvm', 'qemu']);
export type HypervisorProduct = z.infer<typeof HypervisorProduct>;

export const OsProduct = z.enum(['linux', 'windows', 'macos']);
export type OsProduct = z.infer<typeof OsProduct>;

export const SsiProduct = z.enum(['kerrighed', 'openssi', 'mosix']);
export type SsiProduct = z.infer<typeof SsiProduct>;

export const ContainerProduct = z.enum(['lxc', 'openvz', 'docker']);
export type ContainerProduct = z.infer<typeof ContainerProduct>;

export const Workload = z.enum(['mrbayes', 'kernel-make', 'apache', 'custom']);
export type Workload = z.infer<typeof Workload>;

const positiveInt = z.number().int().positive();
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

const base = {
  id: LayerId.describe('Unique id of the layer; other layers name it in `on`.'),
  on: OnRef.optional().describe('What this layer runs on: one layer id, or a list of ids for an ssi (its members) or a vsmp (its nodes).'),
};

export const NodeLayer = z.object({
  ...base,
  kind: z.literal('node').describe('A physical machine: the bottom of every stack.'),
  cpus: positiveInt.default(1).describe('Number of CPU cores.'),
  memoryMiB: positive.default(1024).describe('Memory in MiB.'),
  arch: Arch.default('x86_64').describe('CPU architecture.'),
  virtExtensions: z.boolean().default(true).describe('Whether the CPU has VT-x/AMD-V enabled (needed by hypervisors using technique hw).'),
  speed: positive.default(1).describe('Core speed relative to a reference core.'),
  site: z.string().min(1).default('default').describe('Site the node is at; nodes of different sites talk over the WAN.'),
});
export type NodeLayer = z.infer<typeof NodeLayer>;

export const HypervisorLayer = z.object({
  ...base,
  kind: z.literal('hypervisor').describe('A hypervisor, emulator or aggregation hypervisor (vsmp).'),
  product: HypervisorProduct.describe('xen, vmware-esx: Type I; vmware-workstation, virtualbox, kvm: Type II; qemu: emulator; vsmp: aggregates nodes.'),
  technique: Technique.optional().describe('hw (VT-x/AMD-V), bt (binary translation), pv (paravirtualization) or emulation; defaults per product.'),
});
export type HypervisorLayer = z.infer<typeof HypervisorLayer>;

export const VmLayer = z.object({
  ...base,
  kind: z.literal('vm').describe('A virtual machine made by the hypervisor it stands on.'),
  vcpus: positiveInt.default(1).describe('Number of virtual CPUs.'),
  memoryMiB: positive.default(512).describe('Memory in MiB.'),
  arch: Arch.optional().describe("CPU architecture; its host's by default. Another architecture needs emulation (qemu)."),
  virtExtensions: z.boolean().default(false).describe('Whether the virtual CPU shows VT-x/AMD-V (nested virtualization).'),
  dirtyRateMiBps: nonNegative.optional().describe('Memory dirtied per second, for live migration; derived from the workloads inside when absent.'),
});
export type VmLayer = z.infer<typeof VmLayer>;

export const OsLayer = z.object({
  ...base,
  kind: z.literal('os').describe('An operating-system kernel.'),
  product: OsProduct.default('linux'),
  role: z.literal('dom0').optional().describe("Set on the os standing directly on a xen: Xen's privileged domain."),
});
export type OsLayer = z.infer<typeof OsLayer>;

export const SsiLayer = z.object({
  ...base,
  kind: z.literal('ssi').describe('A single-system image joining its members (os, vm or node layers) into one machine.'),
  product: SsiProduct.default('kerrighed'),
});
export type SsiLayer = z.infer<typeof SsiLayer>;

export const ContainerLayer = z.object({
  ...base,
  kind: z.literal('container').describe('OS-level virtualization: processes isolated by the kernel below.'),
  product: ContainerProduct.default('lxc'),
  cpus: positive.optional().describe('CPU cap; none by default.'),
  memoryMiB: positive.optional().describe('Memory cap in MiB; none by default.'),
});
export type ContainerLayer = z.infer<typeof ContainerLayer>;

export const AppLayer = z.object({
  ...base,
  kind: z.literal('app').describe('An application: processes doing the work.'),
  workload: Workload.describe('mrbayes (MPI, CPU-bound), kernel-make, apache (open loop) or custom.'),
  processes: positiveInt.optional().describe('Number of processes.'),
  cpuSeconds: positive.optional().describe('CPU seconds per process.'),
  memoryMiB: positive.optional().describe('Memory in MiB.'),
  jobs: positiveInt.optional().describe("kernel-make's -j."),
  requestsPerSecond: positive.optional().describe("apache's offered load."),
  dirtyRateMiBps: nonNegative.optional().describe('Memory dirtied per second.'),
});
export type AppLayer = z.infer<typeof AppLayer>;

/** Every layer kind's schema, by kind: the parser validates a layer against its own. */
export const layerSchemas = {
  node: NodeLayer,
  hypervisor: HypervisorLayer,
  vm: VmLayer,
  os: OsLayer,
  ssi: SsiLayer,
  container: ContainerLayer,
  app: AppLayer,
} as const;

export const LayerKind = z.enum(['node', 'hypervisor', 'vm', 'os', 'ssi', 'container', 'app']);
export type LayerKind = z.infer<typeof LayerKind>;

export const Layer = z.discriminatedUnion('kind', [NodeLayer, HypervisorLayer, VmLayer, OsLayer, SsiLayer, ContainerLayer, AppLayer]);
export type Layer = z.infer<typeof Layer>;
/** A layer as an author may write it, before defaults are filled in. */
export type LayerInput = z.input<typeof Layer>;

export const Network = z.object({
  lanMbps: positive.default(1000).describe('Bandwidth between nodes of one site, Mbit/s.'),
  lanLatencyMs: nonNegative.default(0.1).describe('Latency between nodes of one site, ms.'),
  wanMbps: positive.default(100).describe('Bandwidth between sites, Mbit/s.'),
  wanLatencyMs: nonNegative.default(20).describe('Latency between sites, ms.'),
});
export type Network = z.infer<typeof Network>;

const at = nonNegative;

export const MigrateStep = z.object({ at, do: z.literal('migrate'), target: LayerId, to: LayerId, processes: positiveInt.optional() });
export const SuspendStep = z.object({ at, do: z.literal('suspend'), target: LayerId });
export const ResumeStep = z.object({ at, do: z.literal('resume'), target: LayerId });
export const CheckpointStep = z.object({ at, do: z.literal('checkpoint'), target: LayerId });
export const RestartStep = z.object({ at, do: z.literal('restart'), target: LayerId, to: LayerId.optional() });
export const AddNodeStep = z.object({ at, do: z.literal('add-node'), layers: z.array(Layer).min(1), join: LayerId.optional() });
export const RemoveNodeStep = z.object({ at, do: z.literal('remove-node'), target: LayerId });
export const FailStep = z.object({ at, do: z.literal('fail'), target: LayerId });
/**
 * Not simulated: when the Builder view's replay passes `at`, a seminar checkpoint named
 * `name` is taken (every running VM and the run, docs/qemu.md "Seminar checkpoints").
 * Named apart from `checkpoint`, which checkpoints a vm or an app inside the simulation.
 */
export const RewindPointStep = z.object({
  at,
  do: z.literal('rewind-point'),
  name: z.string().trim().min(1).max(80).describe("The checkpoint's name, as Rewind lists it."),
});

/** Every scenario verb's schema, by verb. */
export const stepSchemas = {
  migrate: MigrateStep,
  suspend: SuspendStep,
  resume: ResumeStep,
  checkpoint: CheckpointStep,
  restart: RestartStep,
  'add-node': AddNodeStep,
  'remove-node': RemoveNodeStep,
  fail: FailStep,
  'rewind-point': RewindPointStep,
} as const;

export const ScenarioVerb = z.enum(['migrate', 'suspend', 'resume', 'checkpoint', 'restart', 'add-node', 'remove-node', 'fail', 'rewind-point']);
export type ScenarioVerb = z.infer<typeof ScenarioVerb>;

/** One scenario step (docs/stack-format.md, "Scenario steps"); the simulator gives it meaning. */
export const ScenarioStep = z.discriminatedUnion('do', [
  MigrateStep,
  SuspendStep,
  ResumeStep,
  CheckpointStep,
  RestartStep,
  AddNodeStep,
  RemoveNodeStep,
  FailStep,
  RewindPointStep,
]);
export type ScenarioStep = z.infer<typeof ScenarioStep>;

export const Scenario = z.array(ScenarioStep);
export type Scenario = z.infer<typeof Scenario>;

/** A whole stack file. */
export const Stack = z.object({
  name: z.string().min(1).describe('Title of the stack.'),
  description: z.string().optional().describe('What the stack shows, e.g. which slide of the seminar.'),
  network: Network.optional().describe('LAN and WAN between nodes.'),
  layers: z.array(Layer).describe('The layers, each standing on others with `on`; nodes stand on nothing.'),
  scenario: Scenario.optional().describe(
    'Timed steps for the simulator: migrate, suspend, resume, checkpoint, restart, add-node, remove-node, fail; and rewind-point, a seminar checkpoint taken as the replay passes it.',
  ),
});
/** A stack with its constant defaults filled in. */
export type Stack = z.infer<typeof Stack>;
/** A stack as an author may write it. */
export type StackInput = z.input<typeof Stack>;

/** The network with its defaults, whether or not the file has a `network` block. */
export function networkOf(stack: Stack): Network {
  return stack.network ?? Network.parse({});
}
