import net from 'node:net';

/** Larger than any Ethernet frame QEMU sends (64 KiB with offloads): a longer one is garbage. */
const MAX_FRAME_BYTES = 65_536 + 64;
/** A port whose QEMU reads no more (a paused guest, a migration target not yet running) drops frames past this. */
const MAX_QUEUED_BYTES = 1024 * 1024;

interface Port {
  socket: net.Socket;
  pending: Buffer;
}

/**
 * A learning Ethernet switch for one LAN, on a unix socket in Strata's private runtime
 * folder (mode 0700): only Strata's QEMU processes (`-netdev stream`) can plug into it, so
 * no other local process can join the LAN or hear its frames, as one could on the UDP
 * multicast group used before. Each frame on a stream netdev is a 4-byte big-endian
 * length and the frame. Broadcasts, multicasts and frames for an address not yet seen
 * go to every other port; others to the port the address was last seen on. A migrated
 * guest (same MAC, new QEMU) is found again when it first sends, or, once its old QEMU
 * unplugs, by flooding.
 */
export class LanSwitch {
  private readonly ports = new Set<Port>();
  private readonly macs = new Map<string, Port>();
  private readonly server: net.Server;
  /** Resolves once the socket accepts connections. */
  readonly listening: Promise<void>;

  constructor(readonly socketPath: string) {
    this.server = net.createServer((socket) => this.plug(socket));
    this.listening = new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(socketPath, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    // Awaited by whoever plugs a VM in; never an unhandled rejection meanwhile.
    this.listening.catch(() => undefined);
  }

  /** Unplugs every port and stops listening (the socket file goes with the runtime folder). */
  close(): Promise<void> {
    for (const port of this.ports) port.socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private plug(socket: net.Socket): void {
    const port: Port = { socket, pending: Buffer.alloc(0) };
    this.ports.add(port);
    socket.on('data', (chunk: Buffer) => this.receive(port, chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.ports.delete(port);
      for (const [mac, p] of this.macs) if (p === port) this.macs.delete(mac);
    });
  }

  private receive(port: Port, chunk: Buffer): void {
    let data = port.pending.length ? Buffer.concat([port.pending, chunk]) : chunk;
    while (data.length >= 4) {
      const length = data.readUInt32BE(0);
      if (length < 14 || length > MAX_FRAME_BYTES) {
        // Not a stream netdev speaking: unplug it rather than misread the rest.
        port.socket.destroy();
        return;
      }
      if (data.length < 4 + length) break;
      this.forward(port, data.subarray(0, 4 + length));
      data = data.subarray(4 + length);
    }
    port.pending = data.length ? Buffer.from(data) : Buffer.alloc(0);
  }

  /** `framed` is the length header and the frame, passed on as it came. */
  private forward(from: Port, framed: Buffer): void {
    const destination = framed.toString('hex', 4, 10);
    const source = framed.toString('hex', 10, 16);
    // The group bit of the first octet: a multicast source is bogus, never learnt.
    if ((framed[10]! & 1) === 0) this.macs.set(source, from);
    const known = (framed[4]! & 1) === 0 ? this.macs.get(destination) : undefined;
    if (known) {
      if (known !== from) send(known, framed);
      return;
    }
    for (const port of this.ports) if (port !== from) send(port, framed);
  }
}

function send(port: Port, framed: Buffer): void {
  if (port.socket.writableLength > MAX_QUEUED_BYTES || port.socket.destroyed) return;
  port.socket.write(framed);
}
