// Builds the Electron main process and the renderer with electron-vite when any source is newer than the
// last build (always with --force, as `npm run build` does), so `npm start` and the e2e
// tests serve what is in src/ without building twice.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'out', '.build-stamp');
const inputs = ['src', 'assets', 'docs', 'electron.vite.config.ts', 'package.json'];

function newest(p) {
  const full = path.join(root, p);
  if (!existsSync(full)) return 0;
  const st = statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(full)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

/** `force` builds whatever the stamp says (`npm run build`), and leaves a stamp for later runs. */
export function buildIfStale(force = false) {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const changed = Math.max(...inputs.map(newest));
  if (!force && built >= changed && existsSync(path.join(root, 'out/renderer/index.html'))) return true;
  console.log('Building Strata (electron-vite build)...');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) return false;
  writeFileSync(stamp, new Date().toISOString());
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(buildIfStale(process.argv.includes('--force')) ? 0 : 1);
}
