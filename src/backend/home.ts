import os from 'node:os';
import path from 'node:path';

/** STRATA_HOME, or ~/.strata: the workspace, the guest image cache and runtime files. */
export function strataHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.STRATA_HOME ? path.resolve(env.STRATA_HOME) : path.join(os.homedir(), '.strata');
}
