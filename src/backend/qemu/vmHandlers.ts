import { ApiError } from '../../api/errors';
import type { CommandHandlers, StreamHandlers } from '../../api/handlers';
import type { vmCommands, vmStreams } from '../../api/vmApi';
import type { VmService } from './vmService';

type VmCommandHandlers = Pick<CommandHandlers, keyof typeof vmCommands>;
type VmStreamHandlers = Pick<StreamHandlers, keyof typeof vmStreams>;

/** The vm.*, cluster.* and image.* part of the API, served by one VmService. */
export function vmHandlers(vms: VmService): { commands: VmCommandHandlers; streams: VmStreamHandlers } {
  return {
    commands: {
      'vm.list': async () => vms.list(),
      'vm.memory': () => vms.memoryUse(),
      'vm.create': (req) => vms.create(req),
      'vm.pause': ({ id }) => vms.pause(id),
      'vm.resume': ({ id }) => vms.resume(id),
      'vm.snapshot.save': ({ id, name }) => vms.saveSnapshot(id, name),
      'vm.snapshot.load': ({ id, name }) => vms.loadSnapshot(id, name),
      'vm.snapshot.list': ({ id }) => vms.snapshots(id),
      'vm.migrate': ({ id, toNode }) => vms.migrate(id, toNode),
      'vm.stop': async ({ id }) => {
        await vms.stop(id);
        return {};
      },
      'vm.kill': async ({ id }) => {
        await vms.kill(id);
        return {};
      },
      'vm.input': async ({ id, data }) => {
        vms.input(id, 'base64' in data ? decodeBase64(data.base64) : Uint8Array.from(data.bytes));
        return {};
      },
      'vm.exec': ({ id, command, timeoutMs }) => vms.exec(id, command, timeoutMs),
      'vm.processes': ({ id }) => vms.processes(id),
      'cluster.processes': ({ lan }) => vms.clusterProcesses(lan),
      'vm.process.start': ({ id, workload }) => vms.startProcess(id, workload),
      'vm.process.migrate': ({ id, pid, to }) => vms.migrateProcess(id, pid, to),
      'vm.process.checkpoint': ({ id, pid }) => vms.checkpointProcess(id, pid),
      'vm.process.restart': ({ id, cpid }) => vms.restartProcess(id, cpid),
      'cluster.deploy': ({ nbvm, nbnode, memoryMiB, waitReady, extras, coldBoot }) => vms.deploy(nbvm, nbnode, memoryMiB, waitReady, extras, coldBoot),
      'image.status': () => vms.imageStatus(),
      'image.build': ({ force }) => vms.buildImage(force),
    },
    streams: {
      'vm.console': ({ id }, sink) => vms.subscribeConsole(id, sink),
      'vm.events': (params, sink) => vms.subscribeEvents(params, sink),
    },
  };
}

function decodeBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new ApiError('bad-request', 'vm.input: data.base64 is not base64');
  return new Uint8Array(Buffer.from(text, 'base64'));
}
