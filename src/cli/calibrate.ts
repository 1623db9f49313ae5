import { fileURLToPath } from 'node:url';
import { measureHost } from '../backend/calibration/calibrate';
import { calibrationPath, writeCalibration } from '../backend/calibration/calibrationStore';
import { strataHome } from '../backend/home';
import { parseCliArgs } from './cliArgs';
import type { CliCommand, CliIO } from './cliCommand';

const usage = `Usage: strata calibrate [--json]

Measures this machine for the simulator: the same CPU-bound program (busybox awk)
natively and in a guest under TCG (and under KVM, HVF or WHPX where usable), a process
start (fork and exec of a busybox applet) natively and in each guest, how fast a guest
dirties memory, and a live migration between two local QEMUs. Saves the figures
in STRATA_HOME/calibration.json, which \`strata simulate --figures host\` and the
builder's "this machine's figures" switch use. Takes under a minute on an idle machine.

  --json   print {"accelerators": {ACCEL: {"emulationFactor", "processStartS"}},
           "processStartS", "dirtyRateMiBps", "migrationMiBps", "savedTo"}

Exit status: 0 once the figures are saved, 1 when a measurement failed (nothing is
saved then), 2 for a bad option.
`;

/** Seconds as milliseconds, three significant digits. */
const ms = (s: number): string => String(Number((s * 1000).toPrecision(3)));

const recipeDir = fileURLToPath(new URL('../../assets/guest/', import.meta.url));

/** `strata calibrate`: measures this host and saves the figures. */
export const calibrateCommand: CliCommand = {
  summary: "measure this machine's figures for the simulator (strata calibrate --json)",
  usage,
  run: (args, io) => runCalibrate(args, io),
};

/** Runs `strata calibrate ARGS`; `home` is STRATA_HOME (tests pass their own). */
export async function runCalibrate(args: string[], io: CliIO, home = strataHome()): Promise<number> {
  const parsed = parseCliArgs(args, { json: { type: 'boolean' } }, 'none');
  if (typeof parsed === 'string') {
    io.err(`strata calibrate: ${parsed}\n\n${usage}`);
    return 2;
  }
  const json = parsed.values.json === true;
  const stop = new AbortController();
  void io.interrupted.then(() => stop.abort());
  try {
    const figures = await measureHost({ home, recipeDir, progress: (line) => io.err(line + '\n'), signal: stop.signal });
    const savedTo = await writeCalibration({ ...figures, measuredAt: new Date().toISOString() }, calibrationPath(home));
    if (json) io.out(JSON.stringify({ ...figures, savedTo }) + '\n');
    else {
      const lines = ['', 'This machine, against running natively:'];
      for (const [accel, f] of Object.entries(figures.accelerators))
        lines.push(
          `  ${accel.toUpperCase().padEnd(5)} the CPU loop takes ${f.emulationFactor} times as long` +
            (f.processStartS !== undefined ? `; a process start ${ms(f.processStartS)} ms of CPU` : ''),
        );
      if (figures.processStartS !== undefined) lines.push(`  a process start natively      ${ms(figures.processStartS)} ms of CPU`);
      lines.push(
        `  memory dirtied by one vCPU   ${figures.dirtyRateMiBps} MiB/s`,
        `  live migration               ${figures.migrationMiBps} MiB/s`,
        '',
        `Saved to ${savedTo}; \`strata simulate --figures host\` uses it.`,
        '',
      );
      io.out(lines.join('\n'));
    }
    return 0;
  } catch (err) {
    if (stop.signal.aborted) {
      io.err('Interrupted: its guests are stopped and nothing was saved.\n');
      return 1;
    }
    io.err(`strata calibrate: ${(err as Error).message}\n`);
    return 1;
  }
}
