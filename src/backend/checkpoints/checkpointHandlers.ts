import type { checkpointCommands } from '../../api/checkpointApi';
import type { CommandHandlers } from '../../api/handlers';
import type { CheckpointService } from './checkpointService';

/** The checkpoint.* part of the API. */
export function checkpointHandlers(checkpoints: CheckpointService): Pick<CommandHandlers, keyof typeof checkpointCommands> {
  return {
    'checkpoint.list': () => checkpoints.list(),
    'checkpoint.take': ({ name, sims }) => checkpoints.take(name, sims),
    'checkpoint.rewind': ({ id }) => checkpoints.rewind(id),
    'checkpoint.delete': async ({ id }) => {
      await checkpoints.delete(id);
      return {};
    },
  };
}
