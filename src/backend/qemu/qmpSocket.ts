import net from 'node:net';
import { QmpClient } from './qmpClient';

/**
 * Attaches a {@link QmpClient} to QEMU's QMP unix socket. QEMU creates the socket a
 * moment after spawn, so connecting is retried until `deadlineMs`.
 */
export async function connectQmp(socketPath: string, deadlineMs = 10_000): Promise<{ client: QmpClient; socket: net.Socket }> {
  const socket = await connectUnixWithRetry(socketPath, deadlineMs);
  const client = new QmpClient((data) => {
    if (!socket.destroyed) socket.write(data);
  });
  socket.on('data', (chunk: Buffer) => client.receive(chunk));
  socket.on('close', () => client.close('QEMU closed the QMP socket'));
  socket.on('error', () => socket.destroy());
  await client.ready();
  return { client, socket };
}

/** Connects to a unix socket that may not exist yet. */
export async function connectUnixWithRetry(socketPath: string, deadlineMs: number): Promise<net.Socket> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const s = net.createConnection(socketPath);
        s.once('connect', () => {
          s.removeListener('error', reject);
          resolve(s);
        });
        s.once('error', reject);
      });
    } catch (err) {
      if (Date.now() > until) throw new Error(`cannot connect to ${socketPath}: ${(err as Error).message}`, { cause: err });
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
