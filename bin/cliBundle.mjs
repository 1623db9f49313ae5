import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out', 'cli');
const entry = path.join(outDir, 'main.mjs');
/** What the CLI is built from: the renderer and the Electron processes are not part of it. */
const SOURCES = ['src/api', 'src/backend', 'src/cli', 'src/core'];

function newestSourceMs() {
  let newest = statSync(path.join(root, 'package.json')).mtimeMs;
  for (const dir of SOURCES) {
    for (const file of readdirSync(path.join(root, dir), { recursive: true })) {
      newest = Math.max(newest, statSync(path.join(root, dir, String(file))).mtimeMs);
    }
  }
  return newest;
}

/**
 * The CLI's bundle (out/cli/main.mjs, and cliTasks.mjs for its worker thread), rebuilt
 * with esbuild whenever a source is newer: a fraction of a second once, instead of tsx
 * transpiling every module at every start. Dependencies stay in node_modules. A new
 * build is written beside the old one and swapped in whole.
 */
export async function cliEntry() {
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestSourceMs()) return entry;
  const { build } = await import('esbuild');
  const fresh = `${outDir}.new-${process.pid}`;
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'src/cli/main.ts', cliTasks: 'src/cli/cliTasks.ts' },
    outdir: fresh,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  const old = `${outDir}.old-${process.pid}`;
  if (existsSync(outDir)) renameSync(outDir, old);
  try {
    renameSync(fresh, outDir);
  } catch {
    // Another strata built it at the same moment: theirs is as good.
    rmSync(fresh, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
  return entry;
}
