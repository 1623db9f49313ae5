import { readInputFile } from './readInput';
import type { FigureSet, SimOptions } from '../core/sim';
// Only the constant: the simulator itself loads in the worker thread (cliTasks.ts).
import { MAX_DURATION_S } from '../core/sim/simInput';
import type { CliCommand, CliIO } from './cliCommand';
import { parseCliArgs } from './cliArgs';
import { runOffThread, signalExitCode } from './offThread';

const usage = `Usage: strata simulate FILE [--json] [--duration S] [--seed N] [--series STEP] [--balancer POLICY]
                      [--figures literature|host]

Runs a stack file in the embedded simulator until every app has finished (Apache and
other open-loop apps run for 60 simulated seconds), or for --duration seconds (at most
${MAX_DURATION_S}, 24 hours). The same file, seed, duration and figures give the same
output.

  --json          print the result as JSON (apps, nodes, migrations, events [, series])
  --duration S    stop at S simulated seconds
  --seed N        seed of the random generator (default 1)
  --series STEP   add per-node CPU utilisation and per-app progress every STEP seconds
  --balancer P    the SSI scheduler's view: oblivious (default, as Kerrighed and MOSIX
                  were) or hypervisor-aware (it sees what the hypervisor gives each vCPU)
  --figures F     the cost figures: literature (default: the seminar's 2007 hardware) or
                  host (this machine's, measured by \`strata calibrate\`)

A run that would take too long (about ten seconds of work) stops with a message
saying what to reduce.

Exit status: 0 after a run, 1 when the stack has errors, cannot be simulated or reached
the work limit, 2 for a bad option, a file that cannot be read or --figures host
without a calibration, 130 or 143 when
stopped by Ctrl-C or SIGTERM.
`;

/** `strata simulate`: runs a stack file and prints figures and the event log. */
export const simulateCommand: CliCommand = {
  summary: 'run a stack file in the simulator (strata simulate FILE --json)',
  usage,
  run: runSimulate,
};

interface Parsed {
  file: string;
  json: boolean;
  figures: FigureSet;
  options: SimOptions;
}

const simulateOptions = {
  json: { type: 'boolean' },
  duration: { type: 'string' },
  seed: { type: 'string' },
  series: { type: 'string' },
  balancer: { type: 'string' },
  figures: { type: 'string' },
} as const;

function parse(args: string[]): Parsed | string {
  const parsed = parseCliArgs(args, simulateOptions, 'one FILE');
  if (typeof parsed === 'string') return parsed;
  const { values } = parsed;
  const options: SimOptions = {};
  for (const name of ['seed', 'duration', 'series'] as const) {
    const text = values[name];
    if (text === undefined) continue;
    const v = Number(text);
    if (!Number.isFinite(v)) return `--${name} needs a number, not "${text}"`;
    if (name === 'seed') {
      if (!Number.isInteger(v)) return '--seed needs an integer';
      options.seed = v;
    } else if (v <= 0) return `--${name} needs a positive number`;
    else if (name === 'duration') options.durationS = Math.min(v, MAX_DURATION_S);
    else options.seriesStepS = v;
  }
  const balancer = values.balancer;
  if (balancer !== undefined) {
    if (balancer !== 'oblivious' && balancer !== 'hypervisor-aware') return '--balancer is oblivious or hypervisor-aware';
    options.balancer = balancer;
  }
  const figures = values.figures ?? 'literature';
  if (figures !== 'literature' && figures !== 'host') return '--figures is literature or host';
  return { file: parsed.positionals[0] as string, json: values.json === true, figures, options };
}

async function runSimulate(args: string[], io: CliIO): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    io.err(`strata simulate: ${parsed}\n\n${usage}`);
    return 2;
  }
  const text = await readInputFile('simulate', parsed.file, io);
  if (text === undefined) return 2;
  if (parsed.figures === 'host') {
    const figures = await hostFigures();
    if (typeof figures === 'string') {
      io.err(`strata simulate: ${figures}\n`);
      return 2;
    }
    parsed.options.figures = figures;
  }
  const outcome = await runOffThread('simulate', { text, options: parsed.options, json: parsed.json, file: parsed.file }, io.interrupted, () =>
    io.err(`strata simulate: still simulating ${parsed.file}; Ctrl-C stops\n`),
  );
  if (!outcome.done) {
    io.err(`strata simulate: stopped by ${outcome.signal}\n`);
    return signalExitCode(outcome.signal);
  }
  const answer = outcome.value;
  if (answer.kind === 'invalid') {
    // The finding line of `strata check` (docs/cli.md): FILE:LINE:COL: severity RULE-ID layer: message.
    for (const f of answer.errors) io.err(`${parsed.file}:${f.line ?? 1}:${f.column ?? 1}: ${f.severity} ${f.rule} ${f.layer ?? '-'}: ${f.message}\n`);
    io.err(`strata simulate: ${parsed.file} has errors; \`strata check ${parsed.file}\` explains them\n`);
    return 1;
  }
  if (answer.kind === 'stopped') {
    io.err(`strata simulate: ${parsed.file}: ${answer.message}\n`);
    return 1;
  }
  io.out(answer.output);
  return 0;
}

/** This host's figures for --figures host, or why there are none (also `strata run --figures host`). */
export async function hostFigures(): Promise<SimOptions['figures'] | string> {
  // Loaded only for --figures host: its schemas (zod) cost a plain run a tenth of a second at start.
  const { CalibrationError, calibrationPath, figuresOf, readCalibration } = await import('../backend/calibration/calibrationStore');
  try {
    const saved = await readCalibration();
    if (saved) return figuresOf(saved);
    return `--figures host needs this machine's figures, and none were measured yet (no ${calibrationPath()}): run \`strata calibrate\` first`;
  } catch (err) {
    if (err instanceof CalibrationError) return err.message;
    throw err;
  }
}
