import { fileURLToPath } from 'node:url';
import { strataHome } from '../backend/home';
import { VmService } from '../backend/qemu/vmService';
import type { CliCommand, CliIO } from './cliCommand';

const usage = `Usage: strata demo live-migration [--json]

Boots a guest on node1, starts a counter in its shell, live-migrates it to node2 (a
second QEMU process) and shows that the counter went on, with the migration's total
time, downtime and RAM moved. With --json prints
{"totalMs","downtimeMs","ramBytes","continuity","counterBefore","counterAfter"}.

Exit status: 0 when the counter went on across the migration, 1 otherwise.
`;

const recipeDir = fileURLToPath(new URL('../../assets/guest/', import.meta.url));

/** `strata demo`: seminar demonstrations on real machines. */
export const demoCommand: CliCommand = {
  summary: 'run a live demo on real QEMU machines (strata demo live-migration)',
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

/** Runs `strata demo ARGS`; `home` is STRATA_HOME (tests pass their own). */
export async function runDemo(args: string[], io: CliIO, home = strataHome()): Promise<number> {
  const [name, ...rest] = args;
  const json = rest.includes('--json');
  const unknown = rest.find((a) => a !== '--json');
  if (name !== 'live-migration' || unknown) {
    io.err(`strata demo: ${name === undefined ? 'which demo?' : unknown ? `unknown option ${unknown}` : `unknown demo "${name}"`}\n\n${usage}`);
    return 2;
  }
  const service = new VmService({ home, recipeDir });
  let interrupted = false;
  const stop = io.interrupted.then(() => {
    interrupted = true;
  });
  try {
    const report = await Promise.race([liveMigration(service, (line) => io.err(line + '\n')), stop]);
    if (interrupted || !report) {
      io.err('Interrupted.\n');
      return 1;
    }
    if (json) {
      io.out(JSON.stringify(report) + '\n');
    } else {
      io.out(
        [
          '',
          `  Counter before the move  ${report.counterBefore}`,
          `  Counter after the move   ${report.counterAfter}   ${report.continuity ? '-> the guest kept counting' : '-> the counter did NOT go on'}`,
          `  Total migration time     ${report.totalMs} ms`,
          `  Downtime                 ${report.downtimeMs} ms`,
          `  RAM moved                ${(report.ramBytes / 2 ** 20).toFixed(1)} MiB`,
          '',
        ].join('\n'),
      );
    }
    return report.continuity ? 0 : 1;
  } catch (err) {
    io.err(`strata demo: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await service.dispose();
  }
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
    machine.input(new Uint8Array([3]));
  }
}
