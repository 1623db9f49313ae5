import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXEC_OUTPUT_LIMIT, ExecChannel } from '../../../../src/backend/qemu/execChannel';

/** The guest end of the line: answers each request with `answer(nonce, command)`. */
async function guestLine(answer: (nonce: string, command: string) => string): Promise<{ host: net.Socket; guest: () => net.Socket; close: () => void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'strata-exec-'));
  let guest: net.Socket | undefined;
  const server = net.createServer((s) => {
    guest = s;
    let buffered = '';
    s.setEncoding('latin1');
    s.on('data', (chunk: string) => {
      buffered += chunk;
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const [, nonce = '', , b64 = ''] = buffered.slice(0, nl).split(' ');
        buffered = buffered.slice(nl + 1);
        s.write(answer(nonce, Buffer.from(b64, 'base64').toString()));
      }
    });
  });
  const socketPath = path.join(dir, 'exec');
  await new Promise<void>((r) => server.listen(socketPath, r));
  const host = net.createConnection(socketPath);
  await new Promise((r) => host.once('connect', r));
  await new Promise((r) => setImmediate(r));
  return {
    host,
    guest: () => guest!,
    close: () => {
      host.destroy();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An answer as assets/guest/exec-channel writes it: base64 in 76-character lines. */
function answer(nonce: string, output: string | Buffer, status: number): string {
  const lines =
    Buffer.from(output)
      .toString('base64')
      .match(/.{1,76}/g) ?? [];
  return [`B ${nonce}`, ...lines, `E ${nonce} ${status}`, ''].join('\n');
}

describe('the checker channel to a guest', () => {
  let close = (): void => {};
  afterEach(() => close());

  it('returns the output and exit status of the command it sent, one command at a time', async () => {
    const line = await guestLine((nonce, command) => answer(nonce, `ran: ${command}\n`, command.length % 7));
    close = line.close;
    const channel = new ExecChannel('vm1');
    channel.attach(line.host);
    const [a, b] = await Promise.all([channel.run('echo one', 5000), channel.run('exit 2', 5000)]);
    expect(a).toEqual({ stdout: 'ran: echo one\n', exitCode: 1, truncated: false });
    expect(b).toEqual({ stdout: 'ran: exit 2\n', exitCode: 6, truncated: false });
  });

  it('takes no answer for its own but the one with its nonce (a late answer, or text written to the line by the student)', async () => {
    const line = await guestLine((nonce) => answer('0123456789abcdef', 'forged\n', 0) + 'E ' + nonce + ' 9\nnoise\n' + answer(nonce, 'real\n', 0));
    close = line.close;
    const channel = new ExecChannel('vm1');
    channel.attach(line.host);
    expect(await channel.run('true', 5000)).toEqual({ stdout: 'real\n', exitCode: 0, truncated: false });
  });

  it('keeps at most 64 KiB of output and says it cut the rest', async () => {
    const line = await guestLine((nonce) => answer(nonce, Buffer.alloc(EXEC_OUTPUT_LIMIT + 1, 'x'), 153));
    close = line.close;
    const channel = new ExecChannel('vm1');
    channel.attach(line.host);
    const result = await channel.run('yes', 5000);
    expect(result.truncated).toBe(true);
    expect(result.stdout.length).toBe(EXEC_OUTPUT_LIMIT);
  });

  it('fails the command under way when the guest goes away, and refuses commands without a guest', async () => {
    const line = await guestLine(() => '');
    close = line.close;
    const channel = new ExecChannel('vm1');
    await expect(channel.run('true', 5000)).rejects.toThrow('vm1 is not running');
    channel.attach(line.host);
    const running = channel.run('sleep 9', 5000);
    await new Promise((r) => setTimeout(r, 50));
    line.guest().destroy();
    await expect(running).rejects.toThrow('vm1 stopped while the command ran');
  });
});
