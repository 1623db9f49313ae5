/**
 * Runs the CLI's worker bundle (out/cli/cliTasks.cjs: zod, yaml, the stack rules and the
 * simulator, over a megabyte of JavaScript) from V8's code cache kept beside it, so a start
 * of `strata check` or `strata simulate` reads compiled code instead of parsing and
 * compiling it all again. Node 20 has no compile cache for modules (module.enableCompileCache
 * came with Node 22.1), so the bundle is CommonJS, compiled as a script by vm.Script, which
 * takes a cache and makes one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

type CommonJsWrapper = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

/** Where the code cache of `file` is kept. */
export function codeCacheOf(file: string): string {
  return `${file}.v8cache`;
}

/**
 * Runs the CommonJS file `file` as Node would and returns its exports, compiled from its code cache when there is one
 * and V8 accepts it (same source, same V8 and flags), else from its source. With `saveCache`
 * the cache is made after the run, so it holds every function the run compiled, not only the
 * top level (bin/cliBundle.mjs does this once, after a build).
 */
export function runCommonJs(file: string, { saveCache = false }: { saveCache?: boolean } = {}): unknown {
  let cachedData: Buffer | undefined;
  if (!saveCache) {
    try {
      cachedData = readFileSync(codeCacheOf(file));
    } catch {
      // No cache (a build that could not make one): compile from the source.
    }
  }
  // Node's own wrapper for CommonJS; V8 checks a cache against the source's length, so it is
  // the same text when the cache is made and when it is used.
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  (script.runInThisContext() as CommonJsWrapper)(module.exports, createRequire(file), module, file, path.dirname(file));
  if (saveCache) writeFileSync(codeCacheOf(file), script.createCachedData());
  return module.exports;
}
