import { fileURLToPath } from 'node:url';
import { strataHome } from '../backend/home';
import { VmService } from '../backend/qemu/vmService';
import type { ProcessMigrationResult } from '../api/vmApi';
import { nestingDemo } from '../backend/qemu/nesting/nestingDemo';
import { parseCliArgs } from './cliArgs';
import type { CliCommand, CliIO } from './cliCommand';
import { formatNesting, nestingHelp } from './demoNesting';

const usage = `Usage: strata demo live-migration [--json]
       strata demo process-migration [--json]
       strata demo nesting [--json]

live-migration: boots a guest on node1, starts a counter in its shell, live-migrates it
to node2 (a second QEMU process) and shows that the counter went on, with the
migration's total time, downtime and RAM moved. With --json prints
{"totalMs","downtimeMs","ramBytes","continuity","counterBefore","counterAfter"}.

process-migration: boots two guests with CRIU on one LAN, starts a counter in the first,
checkpoints it there with CRIU, sends its images over the LAN and restores it in the
second, where it counts on. With --json prints
{"from","to","pid","before","after","continuity","imageBytes","freezeMs","totalMs"}.

Exit status: 0 when the counter went on across the migration, 1 otherwise.

${nestingHelp}`;

const recipeDir = fileURLToPath(new URL('../../assets/guest/', import.meta.url));

/** `strata demo`: seminar demonstrations on real machines. */
export const demoCommand: CliCommand = {
  summary: 'run a live demo on real QEMU machines (strata demo live-migration|process-migration|nesting)',
  usage,
  run: (args, io) => runDemo(args, io),
};

export interface LiveMigrationReport {
  totalMs: number;
  downtimeMs: number;
  ramBytes: number;
  /** The counter kept going on the destination from where it was, without restarting. */
  continuity: boolean;
  counterBefore: number;
  counterAfter: number;
}

function parse(args: string[]): { name: 'live-migration' | 'process-migration' | 'nesting'; json: boolean } | string {
  const parsed = parseCliArgs(args, { json: { type: 'boolean' } }, 'any');
  if (typeof parsed === 'string') return parsed;
  const [name, extra] = parsed.positionals;
  if (name === undefined) return 'which demo?';
  if (name !== 'live-migration' && name !== 'process-migration' && name !== 'nesting') return `unknown demo "${name}"`;
  if (extra !== undefined) return `unexpected argument ${extra}`;
  return { name, json: parsed.values.json === true };
}

/** Runs `strata demo ARGS`; `home` is STRATA_HOME (tests pass their own). */
export async function runDemo(args: string[], io: CliIO, home = strataHome()): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    io.err(`strata demo: ${parsed}\n\n${usage}`);
    return 2;
  }
  const { name, json } = parsed;
  const service = new VmService({ home, recipeDir });
  let interrupted = false;
  const stop = io.interrupted.then(() => {
    interrupted = true;
  });
  try {
    const say = (line: string): void => io.err(line + '\n');
    if (name === 'nesting') {
      const nesting = await Promise.race([nestingDemo(service, say), stop]);
      if (interrupted || !nesting) {
        io.err('Interrupted.\n');
        return 1;
      }
      io.out(json ? JSON.stringify(nesting) + '\n' : formatNesting(nesting));
      return nesting.asExpected ? 0 : 1;
    }
    const report = await Promise.race([
      name === 'live-migration' ? liveMigration(service, say).then(liveMigrationText) : processMigration(service, say).then(processMigrationText),
      stop,
    ]);
    if (interrupted || !report) {
      io.err('Interrupted.\n');
      return 1;
    }
    io.out(json ? JSON.stringify(report.json) + '\n' : report.text);
    return report.json.continuity ? 0 : 1;
  } catch (err) {
    io.err(`strata demo: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await service.dispose();
  }
}

interface DemoReport {
  json: { continuity: boolean };
  text: string;
}

function liveMigrationText(report: LiveMigrationReport): DemoReport {
  const text = [
    '',
    `  Counter before the move  ${report.counterBefore}`,
    `  Counter after the move   ${report.counterAfter}   ${report.continuity ? '-> the guest kept counting' : '-> the counter did NOT go on'}`,
    `  Total migration time     ${report.totalMs} ms`,
    `  Downtime                 ${report.downtimeMs} ms`,
    `  RAM moved                ${(report.ramBytes / 2 ** 20).toFixed(1)} MiB`,
    '',
  ].join('\n');
  return { json: report, text };
}

/** The JSON docs/cli.md gives, exactly; the text adds the PIDs. */
function processMigrationText(r: ProcessMigrationResult): DemoReport {
  const json = {
    from: r.from,
    to: r.to,
    pid: r.pid,
    before: r.before,
    after: r.after,
    continuity: r.continuity,
    imageBytes: r.imageBytes,
    freezeMs: r.freezeMs,
    totalMs: r.totalMs,
  };
  const text = [
    '',
    `  Process                  counter, cluster PID ${r.pid} (PID ${r.nsPid} in its PID namespace, ${r.newPid} in ${r.to})`,
    `  Counter before the move  ${r.before} in ${r.from}`,
    `  Counter after the move   ${r.after} in ${r.to}   ${r.continuity ? '-> it counted on from where it was' : '-> the counter did NOT go on'}`,
    `  CRIU images sent         ${(r.imageBytes / 1024).toFixed(1)} KiB over the LAN`,
    `  Stood still              ${r.freezeMs} ms (dump, send, restore)`,
    `  Total time               ${r.totalMs} ms`,
    '',
  ].join('\n');
  return { json, text };
}

/** Two guests with CRIU on a LAN; a counter checkpointed in the first and restored in the second. */
export async function processMigration(service: VmService, progress: (line: string) => void): Promise<ProcessMigrationResult> {
  progress('Booting two 256 MiB guests with CRIU (the criu pack) on one LAN...');
  const [from, to] = await service.deploy(2, 2, 256, true, ['criu']);
  if (!from || !to) throw new Error('the cluster did not come up');
  progress(`Guests ready: ${from.id} (${from.ip}) and ${to.id} (${to.ip}). Starting a counter in ${from.id}...`);
  const counter = await service.startProcess(from.id, 'counter');
  for (let i = 0; i < 120 && ((await service.processes(from.id)).find((p) => p.pid === counter.pid)?.progress ?? 0) < 5; i++)
    await new Promise((r) => setTimeout(r, 500));
  return service.migrateProcess(from.id, counter.pid, to.id, progress);
}

/** Boots a guest, starts a counter, migrates node1 -> node2, checks the counter went on. */
export async function liveMigration(service: VmService, progress: (line: string) => void): Promise<LiveMigrationReport> {
  progress('Booting a 256 MiB guest on node1...');
  const vm = await service.create({ memoryMiB: 256, cpus: 1, node: 'node1', noVirtExtensions: false, waitReady: true });
  const machine = service.machine(vm.id);
  progress(`Shell ready in ${((vm.bootMs ?? 0) / 1000).toFixed(1)} s (${vm.accel.toUpperCase()}). Starting a counter in the guest...`);
  let text = '';
  const stopText = machine.console.onText((t) => {
    text += t;
  });
  try {
    const ticks = (): number[] => [...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));
    machine.input(new TextEncoder().encode('i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done\n'));
    await machine.console.waitFor(/tick 10\b/, 60_000);
    progress('Live-migrating to node2 while it counts...');
    const result = await service.migrate(vm.id, 'node2');
    const before = ticks().at(-1) ?? 0;
    await machine.console.waitFor(new RegExp(`tick ${before + 10}\\b`), 60_000);
    const seen = ticks();
    const after = seen.at(-1) ?? 0;
    // Went on: never restarted (each value above the previous one) and grew past `before`.
    const continuity = after > before && seen.every((v, i) => i === 0 || v > seen[i - 1]!);
    return { totalMs: result.totalMs, downtimeMs: result.downtimeMs, ramBytes: result.ramBytes, continuity, counterBefore: before, counterAfter: after };
  } finally {
    stopText();
    // Stops the counter if the guest can still hear it; a failure above may have ended the
    // guest, and its own error is the one to report.
    if (machine.isLive) {
      try {
        machine.input(new Uint8Array([3]));
      } catch {
        // The console had gone with the guest.
      }
    }
  }
}
