import { randomInt } from 'node:crypto';

/**
 * A virtual LAN between VMs without root: QEMU's `-netdev socket` on a UDP multicast
 * group bound to 127.0.0.1 (every VM on the same group and port hears the others). Each
 * LAN gets its own port, so two Strata runs on one machine do not share a wire.
 */
export class Lan {
  private nextHost = 11;
  readonly port: number;

  constructor(
    readonly name: string,
    /** Third octet of the LAN's 10.99.x.0/24 subnet. */
    readonly subnet: number,
  ) {
    this.port = randomInt(20_000, 60_000);
  }

  /** The next free address, with its prefix length. */
  allocate(): string {
    if (this.nextHost > 254) throw new Error(`LAN ${this.name} has no free address left`);
    return `10.99.${this.subnet}.${this.nextHost++}/24`;
  }

  /** The QEMU options that plug a VM with `mac` into this LAN. */
  qemuArgs(mac: string): string[] {
    return [
      '-netdev', `socket,id=n0,mcast=230.0.0.1:${this.port},localaddr=127.0.0.1`,
      '-device', `virtio-net-pci,netdev=n0,mac=${mac}`,
    ];
  }
}

/** Locally administered MACs, unique within this Strata process (QEMU's 52:54:00 prefix). */
export class MacAllocator {
  private next = 1;
  private readonly prefix = randomInt(0, 256);

  allocate(): string {
    const n = this.next++;
    const hex = (v: number): string => v.toString(16).padStart(2, '0');
    return `52:54:00:${hex(this.prefix)}:${hex((n >> 8) & 0xff)}:${hex(n & 0xff)}`;
  }
}
