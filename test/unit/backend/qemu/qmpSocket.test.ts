import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectQmp } from '../../../../src/backend/qemu/qmpSocket';

const GREETING = '{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": ""}, "capabilities": ["oob"]}}\n';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stand-in for QEMU's QMP socket that writes each answer in pieces, pausing between them. */
function fakeQemu(socketPath: string, answer: (command: string, id: string) => Uint8Array[]): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.write(GREETING);
    let buffered = '';
    socket.on('data', async (chunk) => {
      buffered += chunk.toString('utf8');
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const msg = JSON.parse(buffered.slice(0, nl)) as { execute: string; id: string };
        buffered = buffered.slice(nl + 1);
        for (const piece of answer(msg.execute, msg.id)) {
          socket.write(piece);
          await pause(30);
        }
      }
    });
  });
  return new Promise((resolve) => server.listen(socketPath, () => resolve(server)));
}

describe('connectQmp', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'strata-qmp-'));
  let server: net.Server | undefined;
  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decodes a character split between two reads of the socket', async () => {
    const socketPath = path.join(dir, 'qmp.sock');
    server = await fakeQemu(socketPath, (command, id) => {
      const line = new TextEncoder().encode(`${JSON.stringify(command === 'qmp_capabilities' ? { return: {}, id } : { return: 'Debian Bücher 🐧', id })}\n`);
      const cut = line.indexOf(0xf0) + 2;
      const umlaut = line.indexOf(0xc3) + 1;
      return [line.subarray(0, umlaut), line.subarray(umlaut, cut), line.subarray(cut)];
    });
    const { client, socket } = await connectQmp(socketPath, 2000);
    await expect(client.execute('human-monitor-command', { 'command-line': 'info version' })).resolves.toBe('Debian Bücher 🐧');
    socket.destroy();
  });
});
