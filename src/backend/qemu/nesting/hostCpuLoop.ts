import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { hasTool } from '../hostTools';
import { type CpuLoop, parseCpubench } from './innerGuest';

const run = promisify(execFile);

/**
 * The guests' CPU loop (assets/guest/cpubench) on the host itself, the first level of the
 * comparison. It is a shell loop, so the shell matters: busybox's, as in the guests, when
 * the host has one; else the host's `sh`, which the result names.
 */
export async function hostCpuLoop(recipeDir: string, iterations: number): Promise<CpuLoop & { shell: string }> {
  const shell = (await hasTool('busybox')) ? ['busybox', 'sh'] : ['sh'];
  const { stdout } = await run(shell[0]!, [...shell.slice(1), path.join(recipeDir, 'cpubench'), String(iterations)], { timeout: 300_000 });
  const loop = parseCpubench(stdout);
  if (!loop) throw new Error(`cpubench on the host printed no result: ${stdout.trim() || 'nothing'}`);
  return { ...loop, shell: shell.join(' ') };
}
