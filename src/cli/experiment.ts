import { writeFile } from 'node:fs/promises';
import { experimentCsv, runExperiment, type ExperimentRow } from '../core/sim';
import { parseCliArgs } from './cliArgs';
import type { CliCommand, CliIO } from './cliCommand';

const usage = `Usage: strata experiment [--json] [--out FILE.csv] [--seed N]

Runs the seminar's planned evaluation in the simulator: Kerrighed directly on three
dual-core nodes, then Kerrighed on VMs over Linux hosts and over Windows hosts, the VMs
run by VMware (binary translation) or QEMU (emulation), each with MrBayes in MPI, a
kernel make and Apache. Prints a table (or JSON rows) and can write the CSV:
config,vm,app,makespanS,throughputRps,latencyP99Ms,slowdownVsBare

slowdownVsBare is a ratio to the same app on bare Kerrighed (the kerrighed rows, 1):
  mrbayes, kernel-make  makespan over the bare makespan
  apache                99th-percentile latency over the bare p99 latency (Apache is
                        an open-loop load and has no makespan). Once a config cannot
                        keep up, requests queue and this ratio measures the queue, not
                        the cost of one request: read requests/s beside it

  --json        print the rows as JSON
  --out FILE    also write the rows as CSV to FILE
  --seed N      seed of the random generator (default 1)
`;

/** \`strata experiment\`: the seminar's matrix, as a table and CSV. */
export const experimentCommand: CliCommand = {
  summary: "run the seminar's evaluation matrix in the simulator (table, --json, --out CSV)",
  usage,
  run: runExperimentCommand,
};

async function runExperimentCommand(args: string[], io: CliIO): Promise<number> {
  const parsed = parseCliArgs(args, { json: { type: 'boolean' }, out: { type: 'string' }, seed: { type: 'string' } }, 'none');
  const seed = typeof parsed === 'string' ? Number.NaN : Number(parsed.values.seed ?? 1);
  if (typeof parsed === 'string' || !Number.isInteger(seed)) {
    io.err(`strata experiment: ${typeof parsed === 'string' ? parsed : '--seed needs an integer'}\n\n${usage}`);
    return 2;
  }
  const { json, out } = parsed.values;
  const rows = runExperiment(seed);
  if (out !== undefined) {
    try {
      await writeFile(out, experimentCsv(rows));
    } catch (err) {
      io.err(`strata experiment: cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return 2;
    }
  }
  io.out(json ? JSON.stringify(rows, null, 2) + '\n' : table(rows));
  return 0;
}

/** A readable table: one line per run, figures aligned. */
export function table(rows: ExperimentRow[]): string {
  const head = ['config', 'vm', 'app', 'makespan s', 'requests/s', 'p99 ms', 'vs bare', 'ratio of'];
  const num = (x: number | undefined, d: number): string => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
  const body = rows.map((r) => [
    r.config,
    r.vm,
    r.app,
    num(r.makespanS, 1),
    num(r.throughputRps, 1),
    num(r.latencyP99Ms, 1),
    `${num(r.slowdownVsBare, 2)}x`,
    r.app === 'apache' ? 'p99 latency' : 'makespan',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const fmtRow = (cells: string[]): string =>
    cells
      .map((c, i) => (i < 3 || i === 7 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return (
    [fmtRow(head), ...body.map(fmtRow)].join('\n') +
    '\n\nvs bare: the ratio to the same app on bare Kerrighed, of the makespan (mrbayes, kernel-make) or of the\n99th-percentile latency (apache; once a config cannot keep up, requests queue and the ratio measures the queue:\nread requests/s beside it). Simulated; the model and its sources: docs/simulator.md.\n'
  );
}
