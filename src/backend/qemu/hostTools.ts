import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The one command that installs everything Strata's real machines need on Debian. */
export const INSTALL_COMMAND = 'apt-get install -y qemu-system-x86 qemu-utils busybox-static';

export interface MissingTool {
  tool: string;
  install: string;
}

/** The executables the QEMU features use, with the Debian package that provides each. */
const TOOLS: ReadonlyArray<{ tool: string; purpose: 'qemu' | 'image'; package: string }> = [
  { tool: 'qemu-system-x86_64', purpose: 'qemu', package: 'qemu-system-x86' },
  { tool: 'qemu-img', purpose: 'qemu', package: 'qemu-utils' },
  { tool: 'apt-get', purpose: 'image', package: 'apt' },
  { tool: 'apt-cache', purpose: 'image', package: 'apt' },
  { tool: 'dpkg', purpose: 'image', package: 'dpkg' },
];

/** Whether `tool` is on the PATH. */
export async function hasTool(tool: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${tool}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * What is missing to run VMs (`qemu`) or to build Strata's guest image (`image`), each
 * with the exact command that installs it. Empty when everything is there.
 */
export async function missingTools(purpose: 'qemu' | 'image'): Promise<MissingTool[]> {
  const missing: MissingTool[] = [];
  for (const t of TOOLS.filter((x) => x.purpose === purpose)) {
    if (await hasTool(t.tool)) continue;
    missing.push({
      tool: t.tool,
      install: t.package === 'apt' || t.package === 'dpkg'
        ? 'building the guest image needs a Debian-based host (apt-get, apt-cache, dpkg); elsewhere, point Strata at your own kernel and initramfs'
        : INSTALL_COMMAND,
    });
  }
  return missing;
}

/** One sentence naming what is missing and how to install it. */
export function describeMissing(missing: readonly MissingTool[]): string {
  const installs = [...new Set(missing.map((m) => m.install))];
  return `Real machines need ${missing.map((m) => m.tool).join(', ')}, not found on this computer. Install with: ${installs.join('; ')}`;
}
