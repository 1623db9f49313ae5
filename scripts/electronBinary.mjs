import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Finds the Electron executable without `require('electron')`, which tries to download
 * a missing binary (and fails slowly, or hangs, offline). Returns null with the reason.
 */
export function findElectronBinary(env = process.env) {
  let pkgDir;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { path: null, reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist');
  const binary = relative ? path.join(dist, relative) : null;
  if (!binary || !existsSync(binary)) {
    return { path: null, reason: 'the Electron binary has not been downloaded (run `npx install-electron` where the internet is reachable)' };
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { path: null, reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { path: binary, reason: null };
}
