import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Folders where each OS's usual installers put QEMU, looked at after PATH: an app started
 * from the Finder gets a PATH without Homebrew's (Apple silicon, then Intel) or MacPorts'
 * folders, and QEMU's Windows installer does not touch PATH. Linux desktops give apps the
 * login PATH, where distribution packages put QEMU.
 */
export function installDirs(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') return ['/opt/homebrew/bin', '/usr/local/bin', '/opt/local/bin'];
  if (platform === 'win32') {
    const roots = [env.ProgramFiles, env['ProgramFiles(x86)'], 'C:\\Program Files'].filter((r): r is string => Boolean(r));
    return [...new Set(roots)].map((r) => path.win32.join(r, 'qemu'));
  }
  return [];
}

export interface ToolSearch {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  exists?: (file: string) => boolean;
  /** Only the PATH, not the install folders (for tools whose absence matters, like apt). */
  pathOnly?: boolean;
}

/** The absolute path of `tool` on the PATH, then in the usual install folders; null when absent. */
export function findTool(tool: string, search: ToolSearch = {}): string | null {
  const platform = search.platform ?? process.platform;
  const env = search.env ?? process.env;
  const exists = search.exists ?? existsSync;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const names = platform === 'win32' ? [`${tool}.exe`, tool] : [tool];
  const dirs = (env.PATH ?? env.Path ?? '').split(p.delimiter).filter(Boolean);
  if (!search.pathOnly) dirs.push(...installDirs(platform, env));
  for (const dir of dirs) {
    for (const name of names) {
      const file = p.join(dir, name);
      if (exists(file)) return file;
    }
  }
  return null;
}

/** What to spawn for a QEMU tool: its full path where found, else the bare name (whose ENOENT then says what is missing). */
export function qemuTool(tool: 'qemu-system-x86_64' | 'qemu-img'): string {
  return findTool(tool) ?? tool;
}
