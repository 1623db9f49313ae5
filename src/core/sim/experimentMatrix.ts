/**
 * The seminar's planned evaluation ("Experimentations to do: SSI upon type II
 * virtualization"): Kerrighed directly on three nodes, then Kerrighed on VMs hosted by
 * Linux or Windows, the VMs run by VMware (binary translation, as in 2007) or QEMU
 * (emulation), each with MrBayes in MPI, a kernel make and Apache.
 */
import { checkStack, Stack, type StackInput } from '../stack';
import { simulate } from './simulation';
import { toSimStack } from './stackAdapter';

/** One row of `strata experiment`; CSV columns as docs/cli.md gives them. */
export interface ExperimentRow {
  config: 'kerrighed' | 'linux+vm+kerrighed' | 'windows+vm+kerrighed';
  vm: '-' | 'vmware' | 'qemu';
  app: 'mrbayes' | 'kernel-make' | 'apache';
  makespanS?: number;
  throughputRps?: number;
  latencyP99Ms?: number;
  /** Makespan (or Apache's p99 latency) over the same app's on bare Kerrighed. */
  slowdownVsBare: number;
}

/** The CSV header (docs/cli.md, `strata experiment`). */
export const EXPERIMENT_CSV_HEADER = 'config,vm,app,makespanS,throughputRps,latencyP99Ms,slowdownVsBare';

const NODES = 3;
const CORES = 2;

function appLayer(app: ExperimentRow['app']): StackInput['layers'][number] {
  // One process per physical core, as the seminar's three dual-core nodes would run them.
  if (app === 'mrbayes') return { id: 'app', kind: 'app', workload: 'mrbayes', processes: NODES * CORES, on: 'krg' };
  if (app === 'kernel-make') return { id: 'app', kind: 'app', workload: 'kernel-make', jobs: NODES * CORES, on: 'krg' };
  return { id: 'app', kind: 'app', workload: 'apache', on: 'krg' };
}

/** The stack of one cell of the matrix, as a stack file would write it. */
export function experimentStack(config: ExperimentRow['config'], vm: ExperimentRow['vm'], app: ExperimentRow['app']): StackInput {
  const layers: StackInput['layers'] = [];
  const members: string[] = [];
  for (let i = 1; i <= NODES; i++) {
    layers.push({ id: `N${i}`, kind: 'node', cpus: CORES, memoryMiB: 2048 });
    if (config === 'kerrighed') {
      layers.push({ id: `os${i}`, kind: 'os', product: 'linux', on: `N${i}` });
      members.push(`os${i}`);
      continue;
    }
    layers.push({ id: `host${i}`, kind: 'os', product: config === 'windows+vm+kerrighed' ? 'windows' : 'linux', on: `N${i}` });
    // VMware Workstation in 2007 ran guests by binary translation (docs/stack-format.md).
    layers.push(
      vm === 'qemu'
        ? { id: `hyp${i}`, kind: 'hypervisor', product: 'qemu', on: `host${i}` }
        : { id: `hyp${i}`, kind: 'hypervisor', product: 'vmware-workstation', technique: 'bt', on: `host${i}` },
    );
    layers.push({ id: `vm${i}`, kind: 'vm', vcpus: CORES, memoryMiB: 1024, on: `hyp${i}` });
    layers.push({ id: `guest${i}`, kind: 'os', product: 'linux', on: `vm${i}` });
    members.push(`guest${i}`);
  }
  layers.push({ id: 'krg', kind: 'ssi', product: 'kerrighed', on: members });
  layers.push(appLayer(app));
  return { name: `${config} ${vm} ${app}`, layers };
}

/** Runs the whole matrix (15 runs) with one seed. */
export function runExperiment(seed = 1): ExperimentRow[] {
  const cells: Array<[ExperimentRow['config'], ExperimentRow['vm']]> = [
    ['kerrighed', '-'],
    ['linux+vm+kerrighed', 'vmware'],
    ['linux+vm+kerrighed', 'qemu'],
    ['windows+vm+kerrighed', 'vmware'],
    ['windows+vm+kerrighed', 'qemu'],
  ];
  const apps: ExperimentRow['app'][] = ['mrbayes', 'kernel-make', 'apache'];
  const rows: ExperimentRow[] = [];
  const bare = new Map<string, number>();
  for (const [config, vm] of cells) {
    for (const app of apps) {
      const stack = Stack.parse(experimentStack(config, vm, app));
      const check = checkStack(stack);
      if (!check.valid)
        throw new Error(
          `experiment stack ${stack.name} is invalid: ${check.findings
            .filter((f) => f.severity === 'error')
            .map((f) => f.message)
            .join('; ')}`,
        );
      const r = simulate(toSimStack(stack), { seed }).apps.app ?? {};
      const figure = app === 'apache' ? r.latencyP99Ms : r.makespanS;
      if (config === 'kerrighed' && figure !== undefined) bare.set(app, figure);
      const base = bare.get(app);
      const row: ExperimentRow = { config, vm, app, slowdownVsBare: figure !== undefined && base ? Math.round((figure / base) * 1000) / 1000 : NaN };
      if (r.makespanS !== undefined) row.makespanS = r.makespanS;
      if (r.throughputRps !== undefined) row.throughputRps = r.throughputRps;
      if (r.latencyP99Ms !== undefined) row.latencyP99Ms = r.latencyP99Ms;
      rows.push(row);
    }
  }
  return rows;
}

/** The rows as CSV (docs/cli.md columns; an absent figure is an empty field). */
export function experimentCsv(rows: ExperimentRow[]): string {
  const cell = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '' : String(x));
  const lines = rows.map((r) => [r.config, r.vm, r.app, cell(r.makespanS), cell(r.throughputRps), cell(r.latencyP99Ms), cell(r.slowdownVsBare)].join(','));
  return [EXPERIMENT_CSV_HEADER, ...lines].join('\n') + '\n';
}
