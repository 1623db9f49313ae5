import { readInputFile } from './readInput';
import { fileURLToPath } from 'node:url';
import type { RealRunReport } from '../api/realRunApi';
import type { FigureSet, SimOptions } from '../core/sim';
import { checkStackText } from '../core/stack';
import { strataHome } from '../backend/home';
import { VmService } from '../backend/qemu/vmService';
import { contractOf, NothingRealError, RealRun } from '../backend/realrun/realRun';
import type { CliCommand, CliIO } from './cliCommand';
import { parseCliArgs } from './cliArgs';
import { signalExitCode } from './offThread';
import { hostFigures } from './simulate';

const usage = `Usage: strata run FILE --real [--json] [--budget S] [--figures literature|host]

Runs what of a stack can be real on QEMU guests of this host, the rest simulated
(docs/real-runs.md): QEMU and KVM guests boot Strata's Linux, containers become
namespaces and a cgroup in them, apps become busybox workloads, and each node a slice
of this host's CPUs. Process counts and CPU seconds are scaled so the apps run in
about --budget seconds (default 30), and the measurement is compared with a
simulation of the stack as it actually ran. Every guest is stopped at the end.

  --real        required: this command runs real guests
  --json        print {apps: {id: {simulated, measured, ratio, throughputRatio}}, layers: {id: {real, why}},
                migrations: [{target, from, to, simulated, measured}], host: {cpus, accel}}
  --budget S    about how long the apps should run, in seconds
  --figures F   the comparison simulation's cost figures: literature (default) or host
                (this machine's, measured by \`strata calibrate\`)

Exit status: 0 after a run, 1 when nothing of the stack can be real, it has errors or
a guest fails, 2 for a bad option, a file that cannot be read or --figures host
without a calibration, 130 or 143 when
stopped by Ctrl-C or SIGTERM (every guest is stopped first).
`;

const recipeDir = fileURLToPath(new URL('../../assets/guest/', import.meta.url));

/** `strata run FILE --real`: a stack on real QEMU guests, beside its simulation. */
export const runCommand: CliCommand = {
  summary: 'run a stack for real on QEMU guests, beside its simulation (strata run FILE --real)',
  usage,
  run: (args, io) => runReal(args, io),
};

interface Parsed {
  file: string;
  json: boolean;
  budgetS?: number;
  figures: FigureSet;
}

function parse(args: string[]): Parsed | string {
  const parsed = parseCliArgs(args, { real: { type: 'boolean' }, json: { type: 'boolean' }, budget: { type: 'string' }, figures: { type: 'string' } }, 'any');
  if (typeof parsed === 'string') return parsed;
  const { values, positionals } = parsed;
  const budgetS = values.budget === undefined ? undefined : Number(values.budget);
  if (budgetS !== undefined && (!Number.isFinite(budgetS) || budgetS <= 0 || budgetS > 600)) return '--budget needs a number of seconds between 0 and 600';
  const figures = values.figures ?? 'literature';
  if (figures !== 'literature' && figures !== 'host') return '--figures is literature or host';
  // --real before the FILE count: `strata run FILE` alone is most likely meant as a simulation.
  if (!values.real) return 'give --real (`strata simulate FILE` runs a stack in the simulator only)';
  if (positionals.length !== 1) return 'give exactly one FILE';
  return { file: positionals[0]!, json: values.json === true, budgetS, figures };
}

/** Runs `strata run ARGS`; `home` is STRATA_HOME (tests pass their own). */
export async function runReal(args: string[], io: CliIO, home = strataHome()): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    io.err(`strata run: ${parsed}\n\n${usage}`);
    return 2;
  }
  const text = await readInputFile('run', parsed.file, io);
  if (text === undefined) return 2;
  const checked = checkStackText(text);
  if (!checked.valid || !checked.stack) {
    for (const f of checked.findings.filter((x) => x.severity === 'error'))
      io.err(`${parsed.file}:${f.line ?? 1}:${f.column ?? 1}: ${f.severity} ${f.rule} ${f.layer ?? '-'}: ${f.message}\n`);
    io.err(`strata run: ${parsed.file} has errors; \`strata check ${parsed.file}\` explains them\n`);
    return 1;
  }
  const sim: SimOptions = {};
  if (parsed.figures === 'host') {
    const figures = await hostFigures();
    if (typeof figures === 'string') {
      io.err(`strata run: ${figures}\n`);
      return 2;
    }
    sim.figures = figures;
  }
  const vms = new VmService({ home, recipeDir });
  const realRun = new RealRun('r1', checked.stack, vms, { budgetS: parsed.budgetS, home, sim });
  realRun.subscribe((e) => {
    if (e.type === 'phase') io.err(`${e.message}\n`);
    else if (e.type === 'log') io.err(`  ${e.t.toFixed(1)} s  ${e.message}\n`);
  });
  let signal: NodeJS.Signals | undefined;
  void io.interrupted.then((s) => {
    signal = s ?? 'SIGINT';
    realRun.stop();
  });
  try {
    const report = await realRun.run();
    if (signal) {
      io.err(`strata run: stopped by ${signal}; every guest was stopped\n`);
      return signalExitCode(signal);
    }
    io.out(parsed.json ? JSON.stringify(contractOf(report), null, 2) + '\n' : readable(parsed.file, report));
    return 0;
  } catch (err) {
    if (signal) {
      io.err(`strata run: stopped by ${signal}; every guest was stopped\n`);
      return signalExitCode(signal);
    }
    io.err(`strata run: ${(err as Error).message}\n`);
    if (err instanceof NothingRealError) io.err(`strata run: \`strata simulate ${parsed.file}\` runs it in the simulator\n`);
    return 1;
  } finally {
    await vms.dispose();
  }
}

/** The comparison, for a person. */
export function readable(file: string, r: RealRunReport): string {
  const lines = [
    `${file}: run for real on ${r.host.cpus} host CPU${r.host.cpus > 1 ? 's' : ''} (${r.host.accel.toUpperCase()}), beside its simulation`,
    '',
    'Layers:',
  ];
  for (const [id, l] of Object.entries(r.layers)) lines.push(`  ${id.padEnd(12)} ${l.real ? 'real     ' : 'simulated'}  ${l.why ?? ''}`);
  lines.push('', 'As run (what was scaled):', ...r.scaled.map((s) => `  - ${s}`), '', 'Apps:           simulated      measured       measured/simulated');
  const fig = (f: RealRunReport['apps'][string]['simulated']): string =>
    f.makespanS !== undefined
      ? `${f.makespanS.toFixed(2)} s`
      : f.latencyP99Ms !== undefined
        ? `p99 ${f.latencyP99Ms.toFixed(0)} ms, ${(f.throughputRps ?? 0).toFixed(1)}/s`
        : '-';
  for (const [id, a] of Object.entries(r.apps))
    lines.push(
      `  ${id.padEnd(14)} ${fig(a.simulated).padEnd(14)} ${fig(a.measured).padEnd(14)} ${a.ratio !== undefined ? `${a.ratio.toFixed(2)}x` : '-'}${a.throughputRatio !== undefined ? ` (p99), ${a.throughputRatio.toFixed(2)}x (throughput)` : ''}`,
    );
  if (r.migrations.length > 0) {
    lines.push('', 'Migrations:       total (sim / QEMU)     downtime (sim / QEMU)   data moved (sim / QEMU)');
    const m3 = (s: number | undefined, m: number | undefined, unit: string, d: number): string =>
      `${s !== undefined ? s.toFixed(d) : '-'} / ${m !== undefined ? m.toFixed(d) : '-'} ${unit}`;
    for (const m of r.migrations)
      lines.push(
        `  ${`${m.target} ${m.from}->${m.to}`.padEnd(16)} ${m3(m.simulated?.totalS, m.measured?.totalS, 's', 2).padEnd(22)} ${m3(m.simulated?.downtimeMs, m.measured?.downtimeMs, 'ms', 0).padEnd(23)} ${m3(m.simulated?.ramMiB, m.measured?.ramMiB, 'MiB', 0)}`,
      );
  }
  if (r.log.length > 0) lines.push('', 'What happened:', ...r.log.map((e) => `  ${e.t.toFixed(1).padStart(6)} s  ${e.message}`));
  return lines.join('\n') + '\n';
}
