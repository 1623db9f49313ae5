import type { GuestProcess, ProcessCheckpoint, ProcessMigrationResult, VmExecResult } from '../../../api/vmApi';
import type { Machine } from '../machine';

/** CRIU under TCG on a shared host: a dump or restore may take many seconds. */
const CRIU_TIMEOUT_MS = 120_000;
/** Where a guest keeps checkpoints it restarts itself (ssi-checkpoint, ssi-restore). */
const CHECKPOINTS = '/var/lib/strata/checkpoints';
/** Where images sent over the LAN land. */
const INCOMING = '/tmp/strata-migration';
/** The port a guest's ssi-receive listens on: a range, so migrations to one guest from several do not clash. */
const PORT_BASE = 7100;

/** Runs a command of the criu pack in the guest; a failure carries what it printed. */
async function run(machine: Machine, command: string, what: string): Promise<string> {
  const result: VmExecResult = await machine.exec(command, CRIU_TIMEOUT_MS);
  if (result.exitCode !== 0) throw new Error(`${what} failed in ${machine.id} (exit ${result.exitCode}): ${lastLines(result.stdout)}`);
  return result.stdout;
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-4).join(' | ') || 'no message';
}

/** `lps` lines: CPID HOST PID PROGRESS COMMAND. */
export function parseProcessList(vm: string, text: string): GuestProcess[] {
  const processes: GuestProcess[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+) \S+ (\d+) (-|\d+) (.*)$/.exec(line.trim());
    if (!m) continue;
    processes.push({ vm, cpid: Number(m[1]), pid: Number(m[2]), ...(m[3] !== '-' && { progress: Number(m[3]) }), command: m[4]!.trim() });
  }
  return processes;
}

export async function listProcesses(machine: Machine): Promise<GuestProcess[]> {
  return parseProcessList(machine.id, await run(machine, 'lps', 'Listing processes'));
}

/** Starts a counter or a CPU loop as PID 1 of a PID namespace of its own (ssi-run). */
export async function startWorkload(machine: Machine, workload: 'counter' | 'cpuloop'): Promise<GuestProcess> {
  const out = await run(machine, `ssi-run ${workload}`, `Starting ${workload}`);
  const [pid] = out.trim().split(/\s+/).map(Number);
  const found = (await listProcesses(machine)).find((p) => p.pid === pid);
  if (!found) throw new Error(`${workload} ended as soon as it started in ${machine.id}`);
  return found;
}

async function processOf(machine: Machine, pid: number): Promise<GuestProcess> {
  const found = (await listProcesses(machine)).find((p) => p.pid === pid);
  if (!found) throw new Error(`${machine.id} has no process ${pid}`);
  return found;
}

/** `ssi-checkpoint` prints "frozen MS", "bytes N" and "dumped MS". */
function dumpFigures(out: string): { frozenMs: number; imageBytes: number; dumpedMs: number } {
  const figure = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(out)?.[1] ?? 0);
  return { frozenMs: figure('frozen'), imageBytes: figure('bytes'), dumpedMs: figure('dumped') };
}

/** `ssi-restore` prints "PID CPID" last. */
function restored(out: string): { pid: number; cpid: number } {
  const m = /(\d+) (\d+)\s*$/.exec(out);
  if (!m) throw new Error(`the restore said nothing of the process: ${lastLines(out)}`);
  return { pid: Number(m[1]), cpid: Number(m[2]) };
}

/** Checkpoint in place (the process stops); restart() brings it back later. */
export async function checkpoint(machine: Machine, pid: number): Promise<ProcessCheckpoint> {
  const { cpid } = await processOf(machine, pid);
  const { frozenMs, imageBytes } = dumpFigures(await run(machine, `ssi-checkpoint ${pid} ${CHECKPOINTS}/${cpid}`, `Checkpointing process ${pid}`));
  return { vm: machine.id, cpid, frozenMs, imageBytes };
}

export async function restart(machine: Machine, cpid: number): Promise<GuestProcess> {
  const { pid } = restored(await run(machine, `ssi-restore ${CHECKPOINTS}/${cpid}`, `Restarting process ${cpid}`));
  return processOf(machine, pid);
}

/** Its PID inside its own PID namespace (the last of /proc/PID/status's NSpid). */
async function nsPid(machine: Machine, pid: number): Promise<number> {
  const out = await run(machine, `sed -n 's/^NSpid:[[:space:]]*//p' /proc/${pid}/status`, 'Reading the PID namespace');
  return Number(out.trim().split(/\s+/).at(-1));
}

/**
 * Process migration between guests, CRIU's way: the source guest dumps the process (it
 * stops there), sends the images over the LAN to the destination guest (busybox nc),
 * which restores it. The process keeps its PID inside its PID namespace and its
 * cluster-wide PID. Its progress is read before the dump and again on the destination.
 */
export async function migrateProcess(
  from: Machine,
  to: Machine,
  pid: number,
  toAddress: string,
  onStep: (line: string) => void = () => {},
): Promise<ProcessMigrationResult> {
  const started = Date.now();
  const proc = await processOf(from, pid);
  const before = proc.progress;
  if (before === undefined) throw new Error(`process ${pid} of ${from.id} reports no progress: migrate a workload started by Strata (counter, cpuloop)`);
  const nsBefore = await nsPid(from, pid);
  const dir = `${INCOMING}/${proc.cpid}`;
  const port = PORT_BASE + (proc.cpid % 800);
  await run(to, `ssi-receive ${dir} ${port}`, 'Waiting for the images');
  onStep(`Checkpointing ${proc.command.trim()} (PID ${pid}, cluster PID ${proc.cpid}) in ${from.id} at ${before}...`);
  try {
    const { imageBytes, dumpedMs } = dumpFigures(await run(from, `ssi-checkpoint ${pid} ${dir}`, `Checkpointing process ${pid}`));
    // The process stands still from the dump's start, which only the guest sees: the
    // command's wait for the exec channel and the listing before CRIU starts are not part
    // of it. From here the host's clock counts on until the restore returns.
    const dumped = Date.now();
    onStep(`Sending ${imageBytes} bytes of images to ${to.id} (${toAddress}) over the LAN...`);
    await run(from, `ssi-send ${dir} ${toAddress} ${port}`, 'Sending the images');
    onStep(`Restoring it in ${to.id}...`);
    // ssi-restore itself waits until the images have arrived whole (ssi-receive's DIR.receiving).
    const back = restored(await run(to, `ssi-restore ${dir}`, 'Restoring the process'));
    const freezeMs = dumpedMs + (Date.now() - dumped);
    const totalMs = Date.now() - started;
    const checkpointed = Number((await run(to, `cat ${dir}/progress`, 'Reading the checkpointed progress')).trim());
    onStep(`Restored in ${to.id} as PID ${back.pid}: it counts on from ${checkpointed}, its value when CRIU froze it ${freezeMs} ms before.`);
    const after = await progressBeyond(to, back.pid, checkpointed);
    const result: ProcessMigrationResult = {
      from: from.id,
      to: to.id,
      pid: back.cpid,
      before,
      after,
      continuity: checkpointed >= before && after > checkpointed && back.cpid === proc.cpid,
      imageBytes,
      freezeMs,
      totalMs,
      newPid: back.pid,
      nsPid: await nsPid(to, back.pid),
    };
    if (result.nsPid !== nsBefore) result.continuity = false;
    return result;
  } finally {
    await Promise.all([
      from.exec(`rm -rf ${dir} ${dir}.received ${dir}.receiving`).catch(() => undefined),
      to.exec(`rm -rf ${dir} ${dir}.received ${dir}.receiving`).catch(() => undefined),
    ]);
  }
}

/** The restored process's progress once it moved past `floor`: proof that it runs, from where it was. */
async function progressBeyond(machine: Machine, pid: number, floor: number): Promise<number> {
  const until = Date.now() + 60_000;
  for (;;) {
    const proc = (await listProcesses(machine)).find((p) => p.pid === pid);
    if (!proc) throw new Error(`the restored process ${pid} ended in ${machine.id}`);
    if ((proc.progress ?? 0) > floor || Date.now() > until) return proc.progress ?? 0;
    await new Promise((r) => setTimeout(r, 500));
  }
}
