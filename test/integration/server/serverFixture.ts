import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createBackend, type Backend } from '../../../src/backend/backend';
import { startWebServer, type WebServer } from '../../../src/server/webServer';

export interface ServerFixture {
  root: string;
  backend: Backend;
  server: WebServer;
  /** What the server logged. */
  warnings: string[];
  close(): Promise<void>;
}

/**
 * A real web-mode server on a free port over a throwaway app root: `files` are written
 * under it (lessons/…, renderer/…), next to a minimal renderer/index.html.
 */
export async function startServerFixture(files: Record<string, string>): Promise<ServerFixture> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'strata-server-'));
  const all = { 'renderer/index.html': '<!doctype html><title>Strata</title>', ...files };
  for (const [name, text] of Object.entries(all)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  await mkdir(path.join(root, 'lessons'), { recursive: true });
  const backend = createBackend({ appRoot: root, home: path.join(root, 'home'), mode: 'web', version: '9.9.9' });
  const warnings: string[] = [];
  const server = await startWebServer({ backend, rendererDir: path.join(root, 'renderer'), port: 0, log: (m) => warnings.push(m) });
  return {
    root,
    backend,
    server,
    warnings,
    close: async () => {
      await server.close();
      await backend.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}
