import { z } from 'zod';

/*
 * The stack-file contract (CONTRACTS.md, "Stack files"), as zod schemas. Defaults that are
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

/** How a hypervisor runs its guests (CONTRACTS.md: hw, bt, pv, emulation). */
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
  id: LayerId,
  on: OnRef.optional(),
};

export const NodeLayer = z.object({
  ...base,
  kind: z.literal('node'),
  cpus: positiveInt.default(1),
  memoryMiB: positive.default(1024),
  arch: Arch.default('x86_64'),
  virtExtensions: z.boolean().default(true),
  speed: positive.default(1),
  site: z.string().min(1).default('default'),
});
export type NodeLayer = z.infer<typeof NodeLayer>;

export const HypervisorLayer = z.object({
  ...base,
  kind: z.literal('hypervisor'),
  product: HypervisorProduct,
  technique: Technique.optional(),
});
export type HypervisorLayer = z.infer<typeof HypervisorLayer>;

export const VmLayer = z.object({
  ...base,
  kind: z.literal('vm'),
  vcpus: positiveInt.default(1),
  memoryMiB: positive.default(512),
  arch: Arch.optional(),
  virtExtensions: z.boolean().default(false),
  dirtyRateMiBps: nonNegative.optional(),
});
export type VmLayer = z.infer<typeof VmLayer>;

export const OsLayer = z.object({
  ...base,
  kind: z.literal('os'),
  product: OsProduct.default('linux'),
  role: z.literal('dom0').optional(),
});
export type OsLayer = z.infer<typeof OsLayer>;

export const SsiLayer = z.object({
  ...base,
  kind: z.literal('ssi'),
  product: SsiProduct.default('kerrighed'),
});
export type SsiLayer = z.infer<typeof SsiLayer>;

export const ContainerLayer = z.object({
  ...base,
  kind: z.literal('container'),
  product: ContainerProduct.default('lxc'),
  cpus: positive.optional(),
  memoryMiB: positive.optional(),
});
export type ContainerLayer = z.infer<typeof ContainerLayer>;

export const AppLayer = z.object({
  ...base,
  kind: z.literal('app'),
  workload: Workload,
  processes: positiveInt.optional(),
  cpuSeconds: positive.optional(),
  memoryMiB: positive.optional(),
  jobs: positiveInt.optional(),
  requestsPerSecond: positive.optional(),
  dirtyRateMiBps: nonNegative.optional(),
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
  lanMbps: positive.default(1000),
  lanLatencyMs: nonNegative.default(0.1),
  wanMbps: positive.default(100),
  wanLatencyMs: nonNegative.default(20),
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
} as const;

export const ScenarioVerb = z.enum(['migrate', 'suspend', 'resume', 'checkpoint', 'restart', 'add-node', 'remove-node', 'fail']);
export type ScenarioVerb = z.infer<typeof ScenarioVerb>;

/** One scenario step (CONTRACTS.md, "Scenario verbs"); the simulator gives it meaning. */
export const ScenarioStep = z.discriminatedUnion('do', [MigrateStep, SuspendStep, ResumeStep, CheckpointStep, RestartStep, AddNodeStep, RemoveNodeStep, FailStep]);
export type ScenarioStep = z.infer<typeof ScenarioStep>;

export const Scenario = z.array(ScenarioStep);
export type Scenario = z.infer<typeof Scenario>;

/** A whole stack file. */
export const Stack = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  network: Network.optional(),
  layers: z.array(Layer),
  scenario: Scenario.optional(),
});
/** A stack with its constant defaults filled in. */
export type Stack = z.infer<typeof Stack>;
/** A stack as an author may write it. */
export type StackInput = z.input<typeof Stack>;

/** The network with its defaults, whether or not the file has a `network` block. */
export function networkOf(stack: Stack): Network {
  return stack.network ?? Network.parse({});
}
