import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The one command that installs everything Strata's real machines need on Debian. */
export const INSTALL_COMMAND = 'apt-get install -y qemu-system-x86 qemu-utils busybox-static';

export interface MissingTool {
  tool: string;
  install: string;
}

/** The executables real VMs need (the guest image needs nothing more: it is fetched over HTTP where apt is absent). */
const TOOLS: readonly string[] = ['qemu-system-x86_64', 'qemu-img'];

/** Whether `tool` is on the PATH. */
export async function hasTool(tool: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${tool}`]);
    return true;
  } catch {
    return false;
  }
}

/** What is missing to run VMs, each with the exact command that installs it. Empty when everything is there. */
export async function missingTools(): Promise<MissingTool[]> {
  const missing: MissingTool[] = [];
  for (const tool of TOOLS) if (!(await hasTool(tool))) missing.push({ tool, install: INSTALL_COMMAND });
  return missing;
}

/** One sentence naming what is missing and how to install it. */
export function describeMissing(missing: readonly MissingTool[]): string {
  const installs = [...new Set(missing.map((m) => m.install))];
  return `Real machines need ${missing.map((m) => m.tool).join(', ')}, not found on this computer. Install with: ${installs.join('; ')}`;
}
