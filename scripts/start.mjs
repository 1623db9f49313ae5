// `npm start`: the Electron app when its binary is present, otherwise web mode.
// `npm run dev`: web mode with hot reload.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';
import { findElectronBinary } from './electronBinary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const dev = args.includes('--dev');
const forceWeb = dev || args.includes('--web') || process.env.STRATA_WEB === '1';

/**
 * Runs Strata as one child and makes sure it stops with us: signals are passed on, and
 * when whoever started us goes away without a signal reaching us (npm runs this script
 * through `sh -c`, and dash does not exec: npm's SIGTERM kills the shell only), the
 * child is told to stop as if by SIGTERM.
 */
function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  const parent = process.ppid;
  const orphanWatch = setInterval(() => {
    if (process.ppid !== parent) forward('SIGTERM');
  }, 500);
  child.on('exit', (code, signal) => {
    clearInterval(orphanWatch);
    process.exit(code ?? (signal ? 1 : 0));
  });
}

const electron = forceWeb ? { path: null, reason: dev ? 'hot reload runs in web mode' : 'web mode was asked for' } : findElectronBinary();
// tsx as a loader in the server's own process, not its CLI, which would add a process between us and the server.
const tsx = ['--import', pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href];

if (electron.path) {
  if (buildIfStale()) run(electron.path, [root]);
  else process.exit(1);
} else {
  console.log(`Starting Strata in web mode: ${electron.reason}.`);
  const serverArgs = [...tsx, path.join(root, 'src/server/main.ts'), '--stop-with-parent', ...args.filter((a) => a === '--open')];
  if (dev) run(process.execPath, [...serverArgs, '--dev']);
  else if (buildIfStale()) run(process.execPath, serverArgs);
  else process.exit(1);
}
