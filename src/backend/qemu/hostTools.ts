import { findTool } from './qemuLocations';

/** The one command that installs everything Strata's real machines need on Debian. */
export const INSTALL_COMMAND = 'apt-get install -y qemu-system-x86 qemu-utils busybox-static';

/** How to install QEMU with this OS's usual installer. */
export function installCommand(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'brew install qemu (Homebrew) or sudo port install qemu (MacPorts)';
  if (platform === 'win32') return 'winget install SoftwareFreedomConservancy.QEMU (or the installer from qemu.org)';
  if (platform === 'linux')
    return `${INSTALL_COMMAND} on Debian and Ubuntu; sudo dnf install qemu-system-x86 qemu-img on Fedora; sudo pacman -S qemu-base on Arch`;
  return 'install QEMU from qemu.org';
}

export interface MissingTool {
  tool: string;
  install: string;
}

/** The executables real VMs need (the guest image needs nothing more: it is fetched over HTTP where apt is absent). */
const TOOLS = ['qemu-system-x86_64', 'qemu-img'] as const;

/** Whether `tool` is on the PATH. */
export async function hasTool(tool: string): Promise<boolean> {
  return findTool(tool, { pathOnly: true }) !== null;
}

/** What is missing to run VMs, each with the exact command that installs it. Empty when everything is there. */
export async function missingTools(): Promise<MissingTool[]> {
  const missing: MissingTool[] = [];
  for (const tool of TOOLS) if (findTool(tool) === null) missing.push({ tool, install: installCommand() });
  return missing;
}

/** One sentence naming what is missing and how to install it. */
export function describeMissing(missing: readonly MissingTool[]): string {
  const installs = [...new Set(missing.map((m) => m.install))];
  return `Real machines need ${missing.map((m) => m.tool).join(', ')}, not found on this computer. Install with: ${installs.join('; ')}`;
}
