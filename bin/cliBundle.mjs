import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out', 'cli');
const entry = path.join(outDir, 'main.mjs');
/** The files the bundle was built from (esbuild's metafile inputs), written beside it. */
const INPUTS = 'inputs.json';
/**
 * Packages bundled in rather than imported from node_modules at run time: pure
 * JavaScript that every start of check and simulate loads. Node's module loader took
 * three times as long over their hundred-odd files as over one bundled chunk (190 ms
 * against 65 ms of CPU for zod and yaml). Every other package stays in node_modules.
 */
const INLINED = ['zod', 'yaml'];

/**
 * Whether the bundle is at least as new as every file it was built from, package.json and
 * this builder.
 * Only those files are looked at, not every source directory: a start stats about a
 * hundred files instead of walking src/ (a tenth of a second on a loaded machine). A new
 * source file can only enter the bundle through an edit of a file already in it.
 */
function isFresh() {
  try {
    const built = statSync(entry).mtimeMs;
    const inputs = JSON.parse(readFileSync(path.join(outDir, INPUTS), 'utf8'));
    return ['package.json', 'bin/cliBundle.mjs', ...inputs].every((file) => statSync(path.join(root, file)).mtimeMs <= built);
  } catch {
    // No bundle, no list, or a source that is gone: build again.
    return false;
  }
}

/**
 * Builds the CLI's bundle (out/cli/main.mjs, and cliTasks.mjs for its worker thread) with
 * esbuild; dependencies but INLINED stay in node_modules. A new build is written beside the old one
 * and swapped in whole, so a strata starting meanwhile never sees half of one.
 */
async function build() {
  const { build: esbuild } = await import('esbuild');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !INLINED.includes(name));
  const fresh = `${outDir}.new-${process.pid}`;
  const { metafile } = await esbuild({
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
    // A package marked external is so with its subpaths (tsx/esm/api).
    external,
    // yaml's Node build is CommonJS and requires Node built-ins: an ES module has no require of its own.
    banner: { js: "import { createRequire as __cliRequire } from 'node:module'; const require = __cliRequire(import.meta.url);" },
    // Beside the bundle, not in it: Node reads a map only with --enable-source-maps.
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'error',
  });
  // An inlined package is judged by its package.json, which an install of another version rewrites, not by its every file.
  const inputs = Object.keys(metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  writeFileSync(path.join(fresh, INPUTS), JSON.stringify([...inputs, ...INLINED.map((name) => `node_modules/${name}/package.json`)]));
  const old = `${outDir}.old-${process.pid}`;
  if (existsSync(outDir)) renameSync(outDir, old);
  try {
    renameSync(fresh, outDir);
  } catch {
    // Another strata built it at the same moment: theirs is as good.
    rmSync(fresh, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
}

/**
 * The module to run the CLI from: the bundle, built at `npm install` (the `prepare`
 * script) and again whenever a file it was built from is newer, so a start does not
 * transpile every module with tsx. When the bundle cannot be built (no esbuild, a
 * read-only checkout), the TypeScript entry, which the caller runs through tsx.
 */
export async function cliEntry() {
  if (isFresh()) return { bundled: true, path: entry };
  try {
    await build();
    return { bundled: true, path: entry };
  } catch (err) {
    process.emitWarning(
      `running the CLI from its TypeScript sources: its bundle could not be built in ${outDir} (${err instanceof Error ? err.message : String(err)})`,
    );
    return { bundled: false, path: path.join(root, 'src', 'cli', 'main.ts') };
  }
}

// `node bin/cliBundle.mjs` (npm's prepare script): build now, so the first `npx strata` starts
// at once. A failure only warns: the CLI still runs, from its sources.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await cliEntry();
