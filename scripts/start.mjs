// `npm start`: the Electron app when its binary is present, otherwise web mode.
// `npm run dev`: web mode with hot reload.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';
import { findElectronBinary } from './electronBinary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const dev = args.includes('--dev');
const forceWeb = dev || args.includes('--web') || process.env.STRATA_WEB === '1';

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = forceWeb ? { path: null, reason: dev ? 'hot reload runs in web mode' : 'web mode was asked for' } : findElectronBinary();
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');

if (electron.path) {
  if (buildIfStale()) run(electron.path, [root]);
  else process.exit(1);
} else {
  console.log(`Starting Strata in web mode: ${electron.reason}.`);
  const serverArgs = [tsx, path.join(root, 'src/server/main.ts'), ...args.filter((a) => a === '--open')];
  if (dev) run(process.execPath, [...serverArgs, '--dev']);
  else if (buildIfStale()) run(process.execPath, serverArgs);
  else process.exit(1);
}
