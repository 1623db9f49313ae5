import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out', 'cli');
const entry = path.join(outDir, 'main.mjs');
/** The files the bundle was built from (esbuild's metafile inputs) and the Node that built it, written beside it. */
const INPUTS = 'inputs.json';
/** The stack the worker's bundle runs once after a build, so that its code cache holds what a run compiles. */
const WARM_UP_STACK = 'assets/presets/kerrighed-on-xen.stack.yaml';
/**
 * Packages bundled in rather than imported from node_modules at run time: pure
 * JavaScript that every start of check and simulate loads. Node's module loader took
 * three times as long over their hundred-odd files as over one bundled chunk (190 ms
 * against 65 ms of CPU for zod and yaml). Every other package stays in node_modules.
 */
const INLINED = ['zod', 'yaml'];

/**
 * Whether the bundle is at least as new as every file it was built from, package.json and
 * this builder, and was built by this Node (its worker's code cache is this V8's).
 * Only those files are looked at, not every source directory: a start stats about a
 * hundred files instead of walking src/ (a tenth of a second on a loaded machine). A new
 * source file can only enter the bundle through an edit of a file already in it.
 */
function isFresh() {
  try {
    const built = statSync(entry).mtimeMs;
    const { node, files } = JSON.parse(readFileSync(path.join(outDir, INPUTS), 'utf8'));
    return node === process.version && ['package.json', 'bin/cliBundle.mjs', ...files].every((file) => statSync(path.join(root, file)).mtimeMs <= built);
  } catch {
    // No bundle, no list, or a source that is gone: build again.
    return false;
  }
}

/**
 * Runs the worker's bundle once, in a worker thread as `strata simulate` does, on a preset
 * stack, and saves V8's code cache of it beside it (src/cli/codeCache.ts): a start then
 * reads the functions a run needs already compiled. Without a cache the CLI still runs,
 * compiling as it goes.
 */
async function warmCodeCache(dir) {
  const codeCache = pathToFileURL(path.join(dir, 'codeCache.mjs')).href;
  const boot = `import { runCommonJs } from ${JSON.stringify(codeCache)}; runCommonJs(${JSON.stringify(path.join(dir, 'cliTasks.cjs'))}, { saveCache: true });`;
  const text = readFileSync(path.join(root, WARM_UP_STACK), 'utf8');
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), {
    workerData: { task: 'simulate', input: { text, options: {}, json: true, file: WARM_UP_STACK } },
  });
  await new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', resolve);
  });
}

/**
 * Builds the CLI's bundle with esbuild: out/cli/main.mjs and the modules it loads as ES
 * modules, and cliTasks.cjs, its worker thread's, as one CommonJS file with a code cache
 * (warmCodeCache). Dependencies but INLINED stay in node_modules. A new build is written
 * beside the old one and swapped in whole, so a strata starting meanwhile never sees half of one.
 */
async function build() {
  const { build: esbuild } = await import('esbuild');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const fresh = `${outDir}.new-${process.pid}`;
  const common = {
    absWorkingDir: root,
    outdir: fresh,
    bundle: true,
    platform: 'node',
    target: 'node20',
    // A package marked external is so with its subpaths (tsx/esm/api).
    external: Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !INLINED.includes(name)),
    // Beside the bundle, not in it: Node reads a map only with --enable-source-maps.
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'error',
  };
  const modules = await esbuild({
    ...common,
    entryPoints: { main: 'src/cli/main.ts', codeCache: 'src/cli/codeCache.ts' },
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    splitting: true,
    format: 'esm',
    // yaml's Node build is CommonJS and requires Node built-ins: an ES module has no require of its own.
    banner: { js: "import { createRequire as __cliRequire } from 'node:module'; const require = __cliRequire(import.meta.url);" },
  });
  const worker = await esbuild({ ...common, entryPoints: { cliTasks: 'src/cli/cliTasks.ts' }, outExtension: { '.js': '.cjs' }, format: 'cjs' });
  // An inlined package is judged by its package.json, which an install of another version rewrites, not by its every file.
  const inputs = Object.keys({ ...modules.metafile.inputs, ...worker.metafile.inputs }).filter((file) => !file.startsWith('node_modules/'));
  writeFileSync(
    path.join(fresh, INPUTS),
    JSON.stringify({ node: process.version, files: [...inputs, ...INLINED.map((name) => `node_modules/${name}/package.json`)] }),
  );
  try {
    await warmCodeCache(fresh);
  } catch (err) {
    process.emitWarning(`the CLI's worker runs without a code cache: ${err instanceof Error ? err.message : String(err)}`);
  }
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
