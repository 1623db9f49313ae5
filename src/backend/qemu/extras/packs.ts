import type { GuestPackName } from '../../../api/vmApi';

/** One pack of guest extras: what a guest that asks for it gains. */
export interface GuestPack {
  /** In words, for progress messages and docs. */
  summary: string;
  /** Debian packages unpacked whole, with every library package their Depends reach. */
  packages: readonly string[];
  /** Kernel modules loaded at boot, after those they depend on (from the kernel package the base image boots). */
  modules: readonly string[];
  /** Paths kept from the packages beyond programs and shared libraries (firmware, data files). */
  keep?: readonly RegExp[];
}

/**
 * The packs. Their scripts, when any, are the files of assets/guest/packs/NAME, copied
 * into the guest's /bin, but for `start`, which /init runs once the network is up.
 */
export const GUEST_PACKS: Record<GuestPackName, GuestPack> = {
  criu: {
    summary: 'CRIU (checkpoint/restore in user space)',
    packages: ['criu'],
    // What `criu dump` and `criu restore` needed in the busybox guest (issue 17): nftables
    // to lock the network while it works, veth, and the socket diagnostics it reads sockets with.
    modules: ['nf_tables', 'nfnetlink', 'libcrc32c', 'veth', 'unix_diag', 'inet_diag', 'tcp_diag', 'udp_diag', 'netlink_diag', 'af_packet_diag'],
  },
};
