import { randomInt } from 'node:crypto';
import path from 'node:path';
import { LanSwitch } from './lanSwitch';

/**
 * A virtual LAN between VMs without root: a {@link LanSwitch} on a unix socket in the
 * private runtime folder, which each VM's QEMU joins with `-netdev stream`. Only
 * Strata's own QEMU processes can reach it.
 */
export class Lan {
  private nextHost = 11;
  private switch: LanSwitch | undefined;

  constructor(
    readonly name: string,
    /** Third octet of the LAN's 10.99.x.0/24 subnet. */
    readonly subnet: number,
  ) {}

  /** Starts the LAN's switch (once) in the runtime folder, mode 0700; VMs plug in after. */
  open(runtimeDir: string): Promise<void> {
    this.switch ??= new LanSwitch(path.join(runtimeDir, `lan-${this.name}.sock`));
    return this.switch.listening;
  }

  /** The next free address, with its prefix length. */
  allocate(): string {
    if (this.nextHost > 254) throw new Error(`LAN ${this.name} has no free address left`);
    return `10.99.${this.subnet}.${this.nextHost++}/24`;
  }

  /** Marks an address a VM brought back by a rewind holds, so none given later repeats it. */
  claim(address: string): void {
    const m = /^10\.99\.(\d+)\.(\d+)/.exec(address);
    if (m && Number(m[1]) === this.subnet) this.nextHost = Math.max(this.nextHost, Number(m[2]) + 1);
  }

  /** The QEMU options that plug a VM with `mac` into this LAN. */
  qemuArgs(mac: string): string[] {
    if (!this.switch) throw new Error(`LAN ${this.name} is not open`);
    return ['-netdev', `stream,id=n0,server=off,addr.type=unix,addr.path=${this.switch.socketPath}`, ...nicDevice(mac)];
  }

  close(): Promise<void> {
    return this.switch?.close() ?? Promise.resolve();
  }
}

/** The VM's NIC: the same device on any LAN, so a saved state loads on any. */
function nicDevice(mac: string): string[] {
  return ['-device', `virtio-net-pci,netdev=n0,mac=${mac}`];
}

/** The NIC plugged into nothing (a QEMU hub with one port): for a QEMU writing a template. */
export function isolatedNicArgs(mac: string): string[] {
  return ['-netdev', 'hubport,id=n0,hubid=0', ...nicDevice(mac)];
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
