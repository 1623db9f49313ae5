import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GUEST_MIN_MEMORY_MIB, LAN_MAX_VMS } from '../api/vmApi';
import { strataHome } from '../backend/home';
import { serveConsole } from '../backend/qemu/consoleServer';
import { pingAll } from '../backend/qemu/pingCheck';
import { VmService } from '../backend/qemu/vmService';
import { parseCliArgs } from './cliArgs';
import type { CliCommand, CliIO } from './cliCommand';

const usage = `Usage: strata deploy --vm qemu --nbvm N --nbnode M [--check] [--json] [--memory MIB] [--cold]

Boots N virtual machines spread over M nodes, all on one virtual LAN, after the
seminar's \`start_kerrighed -vm Vmware -nbvm 6 -nbnode 3\`. Each node stands for a
physical machine; here each VM is a QEMU process (TCG when KVM does not work).

  --check       boot, ping every VM from every other, print the result, shut down
  --json        with --check: {"vms":[{id,node,ip,bootMs,start,residentMiB,proportionalMiB}],
                "pings":{"ok","total"},"memory":{"residentMiB","proportionalMiB"}}
  --memory MIB  guest memory of each VM (default 192)
  --cold        boot every VM from its kernel, not from the image's booted-state
                template (made by the first boot of the image for this memory size)

VMs start in parallel from the template when there is one ("start": "template");
otherwise the first boots its kernel and makes it, and the others start from it.
How many VMs fit follows the host's free memory (up to ${LAN_MAX_VMS}, the addresses of one
LAN); a cluster too big is refused with the number that would fit. With --check, each
VM's host memory is reported: resident (RSS) and its proportional share (PSS: pages
shared with the other VMs, such as the template's, counted divided among them).

Without --check the cluster stays up, each console served on a unix socket, until
Ctrl-C or SIGTERM; then every VM is stopped.

Exit status: 0 on success (with --check: every ping answered), 1 otherwise, 2 on
bad options.
`;

const recipeDir = fileURLToPath(new URL('../../assets/guest/', import.meta.url));

/** `strata deploy`: a small cluster of real QEMU machines on one LAN. */
export const deployCommand: CliCommand = {
  summary: 'boot N QEMU VMs over M nodes on one LAN (--check pings all pairs)',
  usage,
  run: (args, io) => runDeploy(args, io),
};

interface DeployOptions {
  nbvm: number;
  nbnode: number;
  memoryMiB: number;
  check: boolean;
  json: boolean;
  cold: boolean;
}

const deployOptions = {
  check: { type: 'boolean' },
  json: { type: 'boolean' },
  cold: { type: 'boolean' },
  vm: { type: 'string' },
  nbvm: { type: 'string' },
  nbnode: { type: 'string' },
  memory: { type: 'string' },
} as const;

/** The seminar's script spelt these with one dash (`-nbvm 6`), which util.parseArgs reads as short options: they are taken as written there. */
const seminarSpellings: Record<string, string> = { '-vm': '--vm', '-nbvm': '--nbvm', '-nbnode': '--nbnode' };

function parse(args: string[]): DeployOptions | string {
  const parsed = parseCliArgs(
    args.map((a) => seminarSpellings[a] ?? a),
    deployOptions,
    'none',
  );
  if (typeof parsed === 'string') return parsed;
  const { values } = parsed;
  const vm = values.vm;
  const opts: DeployOptions = {
    nbvm: Number(values.nbvm ?? 0),
    nbnode: Number(values.nbnode ?? 1),
    memoryMiB: Number(values.memory ?? 192),
    check: values.check === true,
    json: values.json === true,
    cold: values.cold === true,
  };
  if (vm?.toLowerCase() !== 'qemu')
    return vm === undefined ? '--vm qemu is required' : `--vm ${vm}: only qemu machines can be deployed here (the seminar used VMware)`;
  if (!Number.isInteger(opts.nbvm) || opts.nbvm < 1 || opts.nbvm > LAN_MAX_VMS)
    return `--nbvm must be a whole number from 1 to ${LAN_MAX_VMS} (the addresses of one LAN; how many fit follows this host's free memory)`;
  if (!Number.isInteger(opts.nbnode) || opts.nbnode < 1 || opts.nbnode > opts.nbvm) return '--nbnode must be a whole number from 1 to --nbvm';
  if (!Number.isInteger(opts.memoryMiB) || opts.memoryMiB < GUEST_MIN_MEMORY_MIB || opts.memoryMiB > 1024)
    return `--memory must be a whole number of MiB from ${GUEST_MIN_MEMORY_MIB} to 1024`;
  return opts;
}

/** Runs `strata deploy ARGS`; `home` is STRATA_HOME (tests pass their own). */
export async function runDeploy(args: string[], io: CliIO, home = strataHome()): Promise<number> {
  const opts = parse(args);
  if (typeof opts === 'string') {
    io.err(`strata deploy: ${opts}\n\n${usage}`);
    return 2;
  }
  const service = new VmService({ home, recipeDir });
  const progress = (line: string): void => io.err(line + '\n');
  const stopEvents = service.subscribeEvents(
    {},
    {
      write: (e) => {
        if (e.type === 'image') progress(`image: ${e.message}`);
        if (e.type === 'boot' && e.phase === 'ready') progress(`${e.id}: shell ready in ${(e.ms / 1000).toFixed(1)} s`);
        if (e.type === 'boot' && e.phase === 'template') progress(`${e.id}: waiting for the template the first VM makes`);
        if (e.type === 'vm' && e.vm.state === 'crashed') progress(`${e.vm.id}: crashed: ${e.vm.reason ?? 'unknown reason'}`);
        return true;
      },
      onDrain: () => {},
      end: () => {},
      closed: false,
    },
  );
  let interrupted = false;
  const stop = io.interrupted.then(() => {
    interrupted = true;
  });
  try {
    progress(`Booting ${opts.nbvm} VMs over ${opts.nbnode} nodes (${opts.memoryMiB} MiB each)...`);
    const booted = await Promise.race([service.deploy(opts.nbvm, opts.nbnode, opts.memoryMiB, true, [], opts.cold), stop]);
    if (interrupted || !booted) {
      progress('Interrupted: stopping every VM.');
      return 1;
    }
    const vms = service.list().map((v) => ({ id: v.id, node: v.node, ip: v.ip ?? '', bootMs: v.bootMs ?? 0, start: v.start }));
    if (opts.check) {
      progress('Pinging every VM from every other...');
      const pings = await Promise.race([pingAll(vms.map((v) => service.machine(v.id))), stop]);
      if (interrupted || !pings) return 1;
      // Measured once every guest has answered pings: what the cluster takes at work, not at spawn.
      const uses = new Map((await service.memoryUse()).map((u) => [u.id, u]));
      const withMemory = vms.map((v) => ({ ...v, residentMiB: uses.get(v.id)?.residentMiB ?? 0, proportionalMiB: uses.get(v.id)?.proportionalMiB ?? 0 }));
      const memory = {
        residentMiB: withMemory.reduce((sum, v) => sum + v.residentMiB, 0),
        proportionalMiB: withMemory.reduce((sum, v) => sum + v.proportionalMiB, 0),
      };
      if (opts.json) {
        io.out(JSON.stringify({ vms: withMemory, pings: { ok: pings.ok, total: pings.total }, memory }) + '\n');
      } else {
        for (const v of withMemory)
          io.out(
            `${v.id.padEnd(6)} ${v.node.padEnd(7)} ${v.ip.padEnd(12)} shell in ${(v.bootMs / 1000).toFixed(1)} s (${v.start === 'template' ? 'from the template' : 'cold boot'}), ${v.residentMiB} MiB resident, ${v.proportionalMiB} MiB its share\n`,
          );
        io.out(`pings: ${pings.ok}/${pings.total} answered${pings.failed.length ? ` (failed: ${pings.failed.join(', ')})` : ''}\n`);
        io.out(`host memory: ${memory.residentMiB} MiB resident in all, ${memory.proportionalMiB} MiB counting shared pages once\n`);
      }
      return pings.ok === pings.total ? 0 : 1;
    }
    const dir = await service.runtime();
    const servers = [];
    for (const v of vms) {
      const socketPath = path.join(dir, `${v.id}.console`);
      servers.push(await serveConsole(service.machine(v.id), socketPath));
      io.out(`${v.id.padEnd(6)} ${v.node.padEnd(7)} ${v.ip.padEnd(12)} attach: socat -,raw,echo=0 UNIX-CONNECT:${socketPath}\n`);
    }
    io.out('The cluster is up. Press Ctrl-C to stop every VM.\n');
    await stop;
    progress('Stopping every VM...');
    await Promise.all(servers.map((s) => s.close()));
    return 0;
  } catch (err) {
    io.err(`strata deploy: ${(err as Error).message}\n`);
    return 1;
  } finally {
    stopEvents();
    await service.dispose();
  }
}
