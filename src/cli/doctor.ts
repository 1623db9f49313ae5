import { fileURLToPath } from 'node:url';
import { DoctorRequest, type DoctorReport } from '../api/doctorApi';
import { runDoctor } from '../backend/doctor/doctor';
import { strataHome } from '../backend/home';
import { VmService } from '../backend/qemu/vmService';
import { parseCliArgs } from './cliArgs';
import type { CliCommand, CliIO } from './cliCommand';

const usage = `Usage: strata doctor [--json] [--vms N] [--memory MIB]

Checks what real VMs need on this computer and says exactly what to do about anything
missing: QEMU and its version, each accelerator (KVM on Linux, HVF on macOS, WHPX on
Windows, TCG everywhere) usable or why not, nested virtualization, the guest image,
memory and disk for the VMs you mean to run, a private runtime folder, and the app's
window or browser. The first run probes the accelerators (at most 20 s each); the
choice is remembered in STRATA_HOME.

  --json        {"ok", "checks": [{"id","ok","required","detail","fix"?}],
                 "accelerators": {"kvm"|"hvf"|"whpx"|"tcg": {"usable","why"?}}, "accel"}
  --vms N       how many VMs to judge memory for (default 1)
  --memory MIB  memory of each (default 256)

Exit status: 0 when real VMs can run here, 1 when they cannot, 2 on bad options.
`;

const appRoot = fileURLToPath(new URL('../../', import.meta.url));
const recipeDir = fileURLToPath(new URL('../../assets/guest/', import.meta.url));

/** `strata doctor`: why real VMs would not work here, and the fix. */
export const doctorCommand: CliCommand = {
  summary: 'check what real VMs need here and say how to fix what is missing',
  usage,
  run: runDoctorCommand,
};

function parse(args: string[]): { json: boolean; vms: number; memoryMiB: number } | string {
  const parsed = parseCliArgs(args, { json: { type: 'boolean' }, vms: { type: 'string' }, memory: { type: 'string' } }, 'none');
  if (typeof parsed === 'string') return parsed;
  const numbers: { vms?: number; memory?: number } = {};
  for (const name of ['vms', 'memory'] as const) {
    const text = parsed.values[name];
    if (text === undefined) continue;
    const v = Number(text);
    if (!Number.isInteger(v) || v <= 0) return `--${name} needs a positive whole number`;
    numbers[name] = v;
  }
  const request = DoctorRequest.safeParse({ vms: numbers.vms, memoryMiB: numbers.memory });
  if (!request.success) return request.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ');
  return { json: parsed.values.json === true, ...request.data };
}

function table(report: DoctorReport): string {
  const lines = report.checks.map((c) => {
    const mark = c.ok ? 'ok  ' : c.required ? 'FAIL' : 'note';
    return `${mark}  ${c.id.padEnd(11)} ${c.detail}${c.fix ? `\n      ${''.padEnd(11)} fix: ${c.fix}` : ''}`;
  });
  const verdict = report.ok
    ? `Real VMs can run here${report.accel ? ` (${report.accel.toUpperCase()})` : ''}.`
    : 'Real VMs cannot run here yet: see FAIL above. Lessons, the builder and the simulator work without them.';
  return `${lines.join('\n')}\n\n${verdict}\n`;
}

async function runDoctorCommand(args: string[], io: CliIO): Promise<number> {
  const options = parse(args);
  if (typeof options === 'string') {
    io.err(`strata doctor: ${options}\n\n${usage}`);
    return 2;
  }
  const home = strataHome();
  const vms = new VmService({ home, recipeDir });
  try {
    const report = await runDoctor(vms, { home, appRoot, request: options });
    io.out(options.json ? JSON.stringify(report, null, 2) + '\n' : table(report));
    return report.ok ? 0 : 1;
  } finally {
    await vms.dispose();
  }
}
