import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../backend/backend';
import { strataHome } from '../backend/home';
import { openInBrowser } from './openBrowser';
import { startWebServer } from './webServer';

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Web mode: serves the built renderer and the API on 127.0.0.1, prints the URL with its
 * token, and stops every service (and so every VM) on Ctrl-C, SIGTERM or a crash, and
 * with `--stop-with-parent` when the program that started it goes away.
 */
async function main(argv: string[]): Promise<void> {
  const dev = argv.includes('--dev');
  const open = argv.includes('--open');
  const stopWithParent = argv.includes('--stop-with-parent');
  const port = process.env.PORT !== undefined ? Number(process.env.PORT) : 5174;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`strata: PORT must be a port number (0 picks a free one), not "${process.env.PORT}"`);
    process.exit(2);
  }
  const version = (JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const backend = createBackend({ appRoot, home: strataHome(), mode: 'web', version });

  let devMiddleware;
  let closeVite = async (): Promise<void> => {};
  if (dev) {
    const { createServer } = await import('vite');
    const react = (await import('@vitejs/plugin-react')).default;
    const { lessonAssets } = await import('../../scripts/lessonAssetsPlugin.mjs');
    const vite = await createServer({
      root: path.join(appRoot, 'src/renderer'),
      configFile: false,
      plugins: [react(), lessonAssets(appRoot)],
      worker: { format: 'es' },
      server: { middlewareMode: true, hmr: { port: 0 } },
      appType: 'spa',
    });
    devMiddleware = vite.middlewares;
    closeVite = () => vite.close();
  } else if (!existsSync(path.join(appRoot, 'out/renderer/index.html'))) {
    console.error('strata: the renderer is not built. Run `npm start` (it builds first) or `npm run build`.');
    process.exit(1);
  }

  let server;
  try {
    server = await startWebServer({ backend, rendererDir: path.join(appRoot, 'out/renderer'), port, devMiddleware });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    console.error(e.code === 'EADDRINUSE' ? `strata: port ${port} is in use. Set PORT to another one, or PORT=0 for a free one.` : `strata: ${e.message}`);
    await backend.dispose();
    process.exit(1);
  }
  console.log(`Strata is running in web mode: ${server.url}`);
  console.log('Open that address in a browser on this machine. Ctrl-C stops Strata and every VM it started.');

  let closeOpened = async (): Promise<void> => {};
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled([server.close(), closeVite(), backend.dispose(), closeOpened()]);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGHUP', () => void stop(0));
  if (stopWithParent) {
    // The program that started us (npm start's launcher, a test, a benchmark) can be killed
    // with no signal passed on; we are then an orphan, and its VMs must not outlive it.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) void stop(0);
    }, 500).unref();
  }
  process.on('uncaughtException', (err) => {
    console.error('strata: unexpected error, stopping:', err);
    void stop(1);
  });

  if (open) {
    const opened = await openInBrowser(server.url);
    closeOpened = opened.dispose;
    if (!opened.browser) console.log('No browser found to --open (set BROWSER); open the address above by hand.');
  }
}

void main(process.argv.slice(2));
