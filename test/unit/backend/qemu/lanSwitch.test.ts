import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LanSwitch } from '../../../../src/backend/qemu/lanSwitch';

const BROADCAST = 'ff:ff:ff:ff:ff:ff';

/** A frame as QEMU's stream netdev sends it: 4-byte big-endian length, then the frame. */
function framed(to: string, from: string, payload: string): Buffer {
  const mac = (m: string): Buffer => Buffer.from(m.replace(/:/g, ''), 'hex');
  const frame = Buffer.concat([mac(to), mac(from), Buffer.from([0x08, 0x00]), Buffer.from(payload)]);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(frame.length);
  return Buffer.concat([header, frame]);
}

/** A VM's NIC plugged into the switch, keeping the payloads it receives. */
class Nic {
  received: string[] = [];
  private buffered = Buffer.alloc(0);
  constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readUInt32BE(0)) {
        const length = this.buffered.readUInt32BE(0);
        this.received.push(this.buffered.subarray(4 + 14, 4 + length).toString());
        this.buffered = this.buffered.subarray(4 + length);
      }
    });
  }
  send(to: string, from: string, payload: string): void {
    this.socket.write(framed(to, from, payload));
  }
}

describe('the LAN switch', () => {
  let dir = '';
  let lan: LanSwitch | undefined;

  afterEach(async () => {
    await lan?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function plug(): Promise<Nic> {
    const socket = net.createConnection(lan!.socketPath);
    await new Promise((r) => socket.once('connect', r));
    return new Nic(socket);
  }

  /** Sends a marker frame to everyone and waits until `nics` have it: all earlier frames were switched. */
  async function settle(from: Nic, nics: Nic[]): Promise<void> {
    const marker = `sync${Math.random()}`;
    from.send(BROADCAST, '02:00:00:00:00:99', marker);
    while (!nics.every((n) => n.received.includes(marker))) await new Promise((r) => setTimeout(r, 5));
    for (const n of [from, ...nics]) n.received = n.received.filter((p) => !p.startsWith('sync'));
  }

  async function start(): Promise<[Nic, Nic, Nic]> {
    dir = mkdtempSync(path.join(os.tmpdir(), 'strata-lan-'));
    lan = new LanSwitch(path.join(dir, 'lan.sock'));
    await lan.listening;
    return [await plug(), await plug(), await plug()];
  }

  it('floods broadcasts and frames for unknown addresses, and sends the rest only where the address lives', async () => {
    const [a, b, c] = await start();
    a.send(BROADCAST, '02:00:00:00:00:0a', 'who has b');
    b.send('02:00:00:00:00:0a', '02:00:00:00:00:0b', 'b is here');
    await settle(a, [b, c]);
    expect(a.received).toEqual(['b is here']);
    expect(b.received).toEqual(['who has b']);
    // c heard the broadcast only: b's answer went where a's address had been learnt.
    expect(c.received).toEqual(['who has b']);

    a.send('02:00:00:00:00:0b', '02:00:00:00:00:0a', 'ping b');
    a.send('02:00:00:00:00:0c', '02:00:00:00:00:0a', 'ping c, not seen yet');
    await settle(a, [b, c]);
    expect(b.received).toEqual(['who has b', 'ping b', 'ping c, not seen yet']);
    expect(c.received).toEqual(['who has b', 'ping c, not seen yet']);
  });

  it('follows a guest that moves to another port (live migration), and forgets a port that unplugs', async () => {
    const [a, b, c] = await start();
    b.send(BROADCAST, '02:00:00:00:00:0b', 'b on port 2');
    await settle(a, [b, c]);
    // The migration target is plugged in (c) while the source (b) still runs: frames go to b.
    a.send('02:00:00:00:00:0b', '02:00:00:00:00:0a', 'before');
    await settle(a, [b, c]);
    expect(b.received).toContain('before');
    expect(c.received).not.toContain('before');
    // The source quits: its addresses are forgotten and frames for b reach the target.
    b.socket.destroy();
    // Until the switch has seen the port close, a frame may still go to it and be lost.
    while (!c.received.includes('after')) {
      a.send('02:00:00:00:00:0b', '02:00:00:00:00:0a', 'after');
      await settle(a, [c]);
    }
    // Once the moved guest speaks from its new port, it is learnt there.
    c.send(BROADCAST, '02:00:00:00:00:0b', 'b on port 3');
    await settle(a, [c]);
    expect(a.received).toContain('b on port 3');
  });

  it('unplugs a peer that does not speak the stream netdev framing', async () => {
    const [a] = await start();
    const closed = new Promise((r) => a.socket.once('close', r));
    a.socket.write('GET / HTTP/1.1\r\n\r\n');
    await closed;
  });
});
