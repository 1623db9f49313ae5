/**
 * `npm run bench`: imports every test/bench/*.bench.ts in name order and awaits its
 * `run()`, which prints its own figures. One benchmark at a time, so they do not compete
 * for the machine's cores.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

interface Bench {
  run(): Promise<void>;
}

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
let failed = 0;
for (const file of files) {
  console.log(`\n# ${file}`);
  try {
    const bench = (await import(pathToFileURL(path.join(dir, file)).href)) as Bench;
    await bench.run();
  } catch (err) {
    failed++;
    console.error(`${file} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
