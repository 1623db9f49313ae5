import type { Severity } from './findings';

/** One rule of the checker, as the builder, the lessons and `strata check` explain it. */
export interface RuleInfo {
  /** Stable id, printed by `strata check` and named by lessons' `finding` predicates. */
  id: string;
  severity: Severity;
  /** One line: what the rule says. */
  title: string;
  /** Why the rule holds, for a student. */
  explanation: string;
  /** How to fix a stack that breaks it, when there is a usual fix. */
  fix?: string;
  /** The slide of the 2007 seminar the rule comes from, when there is one. */
  seminar?: string;
}

const SEMINAR = 'Paris project-team seminar, November 2007';

/**
 * Every rule, by id. The keys are stable: lessons and scripts name them. Severity is a
 * property of the rule, so a given id always has the same severity.
 */
export const ruleCatalogue = {
  'yaml-syntax': {
    severity: 'error',
    title: 'The file is not well-formed YAML',
    explanation:
      'A stack file is YAML: a mapping with `name` and `layers`, each layer usually written as one `{ id: ..., kind: ... }` flow mapping. The parser stopped where the text stopped making sense as YAML, so nothing else can be checked yet.',
    fix: 'Look at the line and column given: an unclosed `{` or `[`, a tab used for indentation, or a key written twice are the usual causes.',
  },
  'wrong-type': {
    severity: 'error',
    title: 'A field has the wrong type',
    explanation:
      'Each field has one type: `cpus` is a whole number, `virtExtensions` is true or false, `on` is an id or a list of ids. A value in quotes is text even when it looks like a number.',
  },
  'missing-field': {
    severity: 'error',
    title: 'A required field is missing',
    explanation:
      'Every layer needs an `id` and a `kind`; a hypervisor needs its `product` (the product decides its class and technique) and an app its `workload` (the workload decides what the simulator runs).',
  },
  'invalid-value': {
    severity: 'error',
    title: 'A field has a value outside the ones allowed',
    explanation:
      'Kinds, products, architectures, techniques and scenario verbs come from fixed lists, so that every layer has a known class and behaviour. Counts and sizes are positive.',
  },
  'unknown-key': {
    severity: 'warning',
    title: 'A key is not part of the stack format and is ignored',
    explanation:
      'An unknown key is most often a misspelt one, and a misspelt key silently falls back to its default (a node with `cpu: 8` has 1 CPU). The warning names the nearest known key.',
  },
  'duplicate-id': {
    severity: 'error',
    title: 'Two layers have the same id',
    explanation: 'Layers name what they stand on by id, so each id must name exactly one layer.',
  },
  'unknown-id': {
    severity: 'error',
    title: 'A reference names no layer',
    explanation: "`on`, and a scenario step's `target`, `to` and `join`, must name the id of a layer of the stack.",
  },
  'missing-on': {
    severity: 'error',
    title: 'A layer does not say what it runs on',
    explanation: 'Only nodes, the physical machines, stand on nothing. Every other layer is software or virtual hardware and runs on something: give it `on`.',
  },
  'node-stands-on-nothing': {
    severity: 'error',
    title: 'A node stands on nothing',
    explanation: 'A node is a physical machine, the bottom of every stack. To put a machine on top of something, use a `vm`.',
  },
  arity: {
    severity: 'error',
    title: 'A layer stands on the wrong number of layers',
    explanation:
      'Only aggregating layers stand on several layers: an `ssi` on its members and a `vsmp` hypervisor on its nodes. Every other layer stands on exactly one. A hypervisor or an os over several nodes is what the seminar\'s "Type I virtualization upon SSI" draws: it needs a layer that hides the distribution below it ("part 1 of the SSI"), such as a vsmp.',
    seminar: `${SEMINAR}, "Type I virtualization upon SSI 1/2": "Part1 of SSI: hide the distributed aspect of the cluster"`,
  },
  'duplicate-on': {
    severity: 'error',
    title: 'The same layer is named twice in `on`',
    explanation: 'A member counted twice would count its CPUs and memory twice. Name each member once.',
  },
  cycle: {
    severity: 'error',
    title: 'Layers stand on each other in a circle',
    explanation: 'A stack is built bottom-up from physical nodes. When a layer stands, through `on`, on itself, nothing in the circle has anything to run on.',
  },
  'ssi-single-member': {
    severity: 'warning',
    title: 'An SSI has a single member',
    explanation:
      'A single-system image makes several machines look like one. With one member it is just that machine with extra overhead; add members to gain resources.',
    seminar: `${SEMINAR}, "SSI Technologies": an SSI is a virtual SMP machine running on compute nodes`,
  },
  'vsmp-single-node': {
    severity: 'warning',
    title: 'A vsmp aggregates a single node',
    explanation: "ScaleMP's vSMP aggregates several nodes into one SMP machine below the OS, the opposite of partitioning. On one node it adds nothing.",
    seminar: `${SEMINAR}, "Type I virtualization upon SSI": does ScaleMP belong to part 1 of an SSI?`,
  },
  'container-needs-kernel': {
    severity: 'error',
    title: 'A container must stand on a kernel: an os, an ssi or another container',
    explanation:
      'A container is OS-level virtualization: a group of processes that the kernel isolates with namespaces and limits with control groups. It has no kernel of its own, so it needs one below it: an os, an SSI (which is a kernel spanning nodes), or a container it is nested in.',
    fix: 'Put an `os` (or an `ssi`) between the container and the machine or vm.',
  },
  'app-needs-kernel': {
    severity: 'error',
    title: 'An app must stand on a kernel: an os, an ssi or a container',
    explanation: 'An application is processes, and processes need a kernel. A vm or a node without an os is bare (virtual) hardware.',
    fix: 'Put an `os` on the vm or node and the app on the os.',
  },
  'type1-needs-hardware': {
    severity: 'error',
    title: 'A Type I hypervisor must stand on hardware: a node, a vsmp or a vm',
    explanation:
      'A Type I (bare-metal) hypervisor such as Xen or VMware ESX is the first software the machine boots; it runs its guests without a host OS. It stands on a node, on a vsmp that aggregates nodes, or (nested) on a vm, which is hardware to it.',
    seminar: `${SEMINAR}, "Type I virtualization upon SSI" and "Kerrighed upon Xen"`,
  },
  'type2-needs-os': {
    severity: 'error',
    title: 'A hosted hypervisor or emulator must stand on an os or an ssi (qemu also on a container)',
    explanation:
      'A Type II hypervisor (VMware Workstation, VirtualBox, KVM) and an emulator (QEMU) are programs of a host OS: their vms are processes there. They stand on an os or on an SSI, which is one OS over many nodes ("Type II virtualization upon SSI"). QEMU\'s emulation needs nothing from the kernel, so it may also run in a container.',
    seminar: `${SEMINAR}, "Type II virtualization upon SSI"`,
  },
  'kvm-needs-linux': {
    severity: 'error',
    title: 'KVM is a Linux kernel module: it needs a Linux host',
    explanation:
      'KVM turns the Linux kernel into a hypervisor; it exists only in Linux (and in an SSI built on Linux). It is classed here as Type II because it runs under a host OS, though some call it Type I because that OS kernel is itself the hypervisor.',
  },
  'vsmp-needs-nodes': {
    severity: 'error',
    title: 'A vsmp aggregates physical nodes only',
    explanation: 'vSMP runs below the OS and joins the memory and CPUs of physical nodes over a fast interconnect. It stands on nodes, not on software.',
  },
  'vm-needs-hypervisor': {
    severity: 'error',
    title: 'A vm must stand on a hypervisor or emulator (not a vsmp)',
    explanation:
      'A virtual machine is made by a hypervisor or an emulator. A vsmp aggregates nodes into one machine instead of cutting one into several: put an os or a Type I hypervisor on it, not vms.',
  },
  'os-needs-machine': {
    severity: 'error',
    title: 'An os must stand on a machine: a node, a vm or a vsmp (or a xen, as its dom0)',
    explanation:
      'An operating-system kernel boots on hardware, physical or virtual. On Xen, the one os that stands directly on the hypervisor is the privileged domain dom0.',
  },
  'os-on-xen-is-dom0': {
    severity: 'error',
    title: 'An os directly on xen must be its dom0 (`role: dom0`)',
    explanation:
      'Xen runs one privileged Linux, dom0, which holds the device drivers and the management tools. Guests are vms (domU) with their own os on them.',
    fix: 'Set `role: dom0` on this os, or put it on a vm of the xen.',
  },
  'dom0-only-on-xen': {
    severity: 'error',
    title: '`role: dom0` only means something on xen',
    explanation: "dom0 is Xen's privileged domain. Other hypervisors have no dom0.",
  },
  'dom0-must-be-linux': {
    severity: 'error',
    title: "Xen's dom0 is a Linux",
    explanation: "Xen's dom0 runs the device drivers for the whole machine; it is a Linux (NetBSD also did it in 2007, never Windows or macOS).",
  },
  'xen-multiple-dom0': {
    severity: 'error',
    title: 'A xen has one dom0',
    explanation: 'dom0 is the one privileged domain that starts the others. Further os layers belong on vms.',
  },
  'xen-without-dom0': {
    severity: 'warning',
    title: 'This xen has no dom0',
    explanation:
      "A real Xen host boots a dom0 next to the hypervisor to hold the drivers and start the guests. The seminar's slides often leave it out (and that is fine for a sketch), so this is a warning, not an error.",
    fix: 'Add `{ kind: os, product: linux, role: dom0, on: <this xen> }`.',
    seminar: `${SEMINAR}, "Kerrighed upon Xen"`,
  },
  'machine-boots-one-system': {
    severity: 'error',
    title: 'A machine boots one system: one os, one Type I hypervisor, one vsmp or one SSI membership',
    explanation:
      'A node or a vm boots one kernel or one bare-metal hypervisor. Two systems on one machine need virtualization between them: a hypervisor and a vm for each. This is why the seminar\'s "Isolation of two distinct SSIs" puts each node\'s share of each SSI in its own vm.',
    seminar: `${SEMINAR}, "Isolation of two distinct SSIs"`,
  },
  'ssi-member-kind': {
    severity: 'error',
    title: "An SSI's members are os, vm or node layers",
    explanation:
      "A kernel-level SSI (Kerrighed, OpenSSI, MOSIX) extends a Linux kernel across machines. A member is that Linux (an os), or a node or vm on which the SSI's own Linux kernel boots.",
  },
  'ssi-needs-own-kernel': {
    severity: 'error',
    title: 'A kernel-level SSI cannot be built from containers: they have no kernel of their own',
    explanation:
      'Kerrighed, OpenSSI and MOSIX are modified kernels that cooperate across machines. Containers all share their host\'s one kernel, so there is no kernel per container to join into a cluster; they are also all on one machine already. The seminar\'s slide "SSI on the top of container" calls this architecture irrelevant for exactly that reason.',
    fix: 'Build the SSI from os or vm members, and put containers on top of the SSI ("Container on the top of SSI").',
    seminar: `${SEMINAR}, "SSI on the top of Container 2/2": "Architecture irrelevant: the same kernel is shared between all containers"`,
  },
  'ssi-needs-linux': {
    severity: 'error',
    title: "An SSI's members run Linux",
    explanation:
      'Kerrighed, OpenSSI and MOSIX are Linux kernel extensions. To use Windows or macOS machines, run a Linux vm on each (a Type II hypervisor on the host OS) and make the vms the members: the seminar\'s "SSI upon Type II with multihost OS".',
    fix: 'Put a hypervisor on the Windows or macOS os, a vm on it, and name the vm (or a Linux os on it) as the member.',
    seminar: `${SEMINAR}, "SSI upon Type II with multihost OS"`,
  },
  'ssi-mixed-arch': {
    severity: 'error',
    title: "An SSI's members share one architecture",
    explanation:
      'A process migrates between SSI members as it is, machine code included, so every member must run the same instruction set. In 2007 Kerrighed ran on i386 (x86-64 came with 2.4.0). To join machines of different architectures, emulate one architecture on all of them with QEMU.',
  },
  'ssi-member-shared': {
    severity: 'error',
    title: 'A layer is a member of two SSIs',
    explanation:
      'Each SSI kernel owns its members\' processes, memory and devices. Two SSIs on the same machines need a vm per machine and per SSI, as in the seminar\'s "Isolation of two distinct SSIs".',
    seminar: `${SEMINAR}, "Isolation of two distinct SSIs"`,
  },
  'ssi-members-one-node': {
    severity: 'note',
    title: "All the SSI's members stand on one physical node: they add no resources",
    explanation:
      "An SSI gains CPUs and memory by joining machines. Members that are vms of one node share that node's CPUs and memory, so the SSI only adds overhead; it is still useful to learn and to test, as the seminar did with Type II hypervisors.",
  },
  'vsmp-mixed-arch': {
    severity: 'error',
    title: "A vsmp's nodes share one architecture",
    explanation: 'vSMP presents its nodes as one SMP machine; one machine has one instruction set.',
  },
  'containers-share-ssi-kernel': {
    severity: 'note',
    title: 'Containers on an SSI share its one kernel and see the whole cluster',
    explanation:
      'Containers are isolated by the kernel they share. On an SSI that kernel spans every member, so each container gets the global resources of the cluster, as on a real SMP machine; and, since they share one kernel, the architecture of their host does not matter to them.',
    seminar: `${SEMINAR}, "Container on the top of SSI" and "Lessons learnt 1/4"`,
  },
  'technique-unsupported': {
    severity: 'error',
    title: 'This product does not offer that technique',
    explanation:
      'Xen offers paravirtualization (pv) and hardware-assisted guests (hw); VMware and VirtualBox offered binary translation (bt) and hw; KVM is hw only; QEMU alone is emulation; vsmp aggregates nodes and runs no guests.',
  },
  'hw-needs-virt-extensions': {
    severity: 'error',
    title: "A hardware-assisted hypervisor needs VT-x or AMD-V in the node's CPU",
    explanation:
      "Technique `hw` runs guest code directly and relies on the CPU's virtualization extensions to trap what the guest may not do. A node without them (or with them disabled in its firmware) cannot run it. Before VT-x, x86 did not meet Popek and Goldberg's condition, which is why VMware used binary translation and Xen paravirtualization.",
    fix: 'Enable VT-x/AMD-V in the firmware (`virtExtensions: true`), or use technique `bt` or `pv`, or emulate with qemu.',
  },
  'nested-hw-needs-virt-extensions': {
    severity: 'error',
    title: 'A hardware-assisted hypervisor inside a vm needs that vm to expose VT-x/AMD-V',
    explanation:
      "A vm's virtual CPU shows no virtualization extensions unless the hypervisor below offers nested virtualization, so a hypervisor with technique `hw` inside it cannot start. Nested hardware virtualization came after the seminar (KVM's Turtles, OSDI 2010).",
    fix: "Set `virtExtensions: true` on the vm and enable nesting in the hypervisor below: KVM's module option `nested=1` (kvm_intel or kvm_amd), or VMware's \"Virtualize Intel VT-x/EPT or AMD-V/RVI\" setting. Or use technique `pv`, or qemu's emulation, which need nothing from the CPU.",
  },
  'virt-extensions-not-exposed': {
    severity: 'error',
    title: 'This vm asks for virtualization extensions its hypervisor cannot give',
    explanation:
      'Only a hardware-assisted hypervisor (technique `hw`) can pass VT-x/AMD-V on to a guest, by virtualizing them. A binary translator or a paravirtualizing hypervisor has no such extensions to expose.',
    fix: 'Use technique `hw` below this vm (with KVM\'s `nested=1` or VMware\'s "virtualize VT-x"), or set `virtExtensions: false`.',
  },
  'tcg-offers-svm-only': {
    severity: 'note',
    title: "QEMU's emulation (TCG) offers AMD-V to its guest, never VT-x",
    explanation:
      "TCG emulates AMD's SVM extensions: the default qemu64 CPU shows `svm` (and never `vmx`) in the guest's /proc/cpuinfo. A hypervisor inside can use them, at emulation speed. Boot with `-cpu qemu64,-svm` to show a guest without them.",
  },
  'bt-in-bt': {
    severity: 'error',
    title: 'A binary-translating hypervisor inside a vm of another binary translator does not run',
    explanation:
      'The seminar found that "it seems that it\'s not possible to run VMware upon VMware" and asked why. Likely causes, taught as hypotheses rather than settled fact: VMware then ran guests by binary translation, and a translator running under another translator was not supported; VMware detected that it was running inside itself and refused to start; and no VT-x was exposed to guests, so the inner VMware could not fall back to hardware assistance either. QEMU ran inside VMware because its emulation needs nothing from the CPU.',
    fix: 'Run qemu (emulation) inside the vm, or use hardware-assisted nesting today: technique `hw` on both levels with `virtExtensions: true` on the vm.',
    seminar: `${SEMINAR}, "Three layers of flexibilities": "It seems that it's not possible to run VMware upon VMware. Why this limitation?"`,
  },
  'emulation-in-vm': {
    severity: 'note',
    title: 'Emulation runs inside any vm, several times slower',
    explanation:
      "QEMU's emulator translates every guest instruction in software, so it needs no help from the CPU and runs inside any vm: the seminar saw QEMU run inside VMware when VMware inside VMware failed. The price is speed: an order of magnitude or more on CPU-bound work compared with hardware-assisted virtualization.",
    seminar: `${SEMINAR}, "Three layers of flexibilities": "It seems it is possible to run QEMU upon VMware"`,
  },
  'arch-needs-emulation': {
    severity: 'error',
    title: 'A vm of another architecture than its host needs emulation',
    explanation:
      'Virtualization runs guest instructions on the real CPU, so the guest must share its instruction set (an x86_64 host also runs i386 guests). Another architecture, such as a PowerPC guest on an x86 host, needs an emulator that translates every instruction: QEMU. This is how the seminar runs an application for "process technology A" on an SSI "developed for architecture processor D".',
    fix: "Run this vm under qemu (technique `emulation`), or give it its host's architecture.",
    seminar: `${SEMINAR}, "Lessons learnt 2/4"`,
  },
  'cpu-overcommit': {
    severity: 'warning',
    title: 'The vms ask for more vCPUs than the host has CPUs',
    explanation:
      'A hypervisor can give out more vCPUs than it has CPUs; the vCPUs then share the CPUs in time, and each runs slower than it believes. Useful for consolidation, misleading for performance measurements.',
  },
  'memory-overcommit': {
    severity: 'warning',
    title: 'The vms ask for more memory than the host has',
    explanation:
      'Memory overcommit relies on guests not touching all of their memory (ballooning, page sharing); when they do, the host swaps and every guest slows down sharply.',
  },
  'container-cap-above-host': {
    severity: 'warning',
    title: "A container's cap is above what its kernel has",
    explanation:
      "A container's CPU and memory caps are limits within its kernel's resources, not extra resources. A cap above what the kernel has never binds.",
  },
  'ssi-spans-sites': {
    severity: 'note',
    title: 'This SSI spans several sites: its members talk over the WAN',
    explanation:
      "An SSI shares memory and migrates processes between members; across sites every such exchange pays the WAN's latency. The seminar's conclusion names the goal of migrating a whole SSI cluster from Rennes to Sophia.",
    seminar: `${SEMINAR}, "Conclusion": "Migrate an SSI cluster from Rennes to Sophia"`,
  },
  'scenario-target-kind': {
    severity: 'error',
    title: 'This scenario step cannot act on that kind of layer',
    explanation:
      'fail and remove-node act on nodes; migrate on vms (live migration) or on apps on an SSI (process migration); suspend and resume on vms, containers or apps; checkpoint and restart on vms or apps on an SSI.',
  },
} as const satisfies Record<string, Omit<RuleInfo, 'id'>>;

/** A rule's stable id. */
export type RuleId = keyof typeof ruleCatalogue;

/** The catalogue entry of a rule, or undefined for an unknown id. */
export function ruleInfo(id: string): RuleInfo | undefined {
  if (!Object.hasOwn(ruleCatalogue, id)) return undefined;
  return { id, ...(ruleCatalogue[id as RuleId] as Omit<RuleInfo, 'id'>) };
}

/** Every rule, in catalogue order, for the builder's and lessons' rule lists. */
export function listRules(): RuleInfo[] {
  return Object.keys(ruleCatalogue).map((id) => ruleInfo(id) as RuleInfo);
}
