import fs from 'node:fs/promises';
import net from 'node:net';
import type { StreamSink } from '../../api/handlers';
import type { Machine } from './machine';

/**
 * Serves a VM's console on a unix socket of our own (`strata deploy` prints its path), so
 * a terminal tool can attach and detach at will: `socat -,raw,echo=0 UNIX-CONNECT:PATH`.
 * Each client is a console subscriber with the same replay and flow control as the app's.
 */
export async function serveConsole(machine: Machine, socketPath: string): Promise<{ close(): Promise<void> }> {
  await fs.rm(socketPath, { force: true });
  const clients = new Set<net.Socket>();
  const server = net.createServer((client) => {
    clients.add(client);
    const drainListeners: Array<() => void> = [];
    client.on('drain', () => drainListeners.forEach((l) => l()));
    const sink: StreamSink<Uint8Array> = {
      write: (data) => !client.destroyed && client.write(data),
      onDrain: (l) => drainListeners.push(l),
      end: () => client.end(),
      get closed() {
        return client.destroyed;
      },
    };
    const unsubscribe = machine.console.subscribe(sink);
    client.on('data', (d: Buffer) => {
      try {
        machine.input(d);
      } catch {
        client.end();
      }
    });
    client.on('error', () => client.destroy());
    client.on('close', () => {
      clients.delete(client);
      unsubscribe();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  return {
    close: async () => {
      for (const c of clients) c.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      await fs.rm(socketPath, { force: true });
    },
  };
}
