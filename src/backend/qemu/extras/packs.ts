import type { GuestPackName } from '../../../api/vmApi';

/** One pack of guest extras: what a guest that asks for it gains. */
export interface GuestPack {
  /** In words, for progress messages and docs. */
  summary: string;
  /** Debian packages unpacked whole, with every library package their Depends reach. */
  packages: readonly string[];
  /** Kernel modules loaded at boot, after those they depend on (from the kernel package the base image boots). */
  modules: readonly string[];
  /** Packages unpacked like the others but whose Depends are not followed (a program's data or plug-ins whose other users the guest never runs). */
  filesOnly?: readonly string[];
  /** Paths kept from the packages beyond programs and shared libraries (firmware, data files). */
  keep?: readonly RegExp[];
  /** The base image's kernel and initramfs too, at /usr/share/strata, for a guest inside the guest. */
  innerImage?: boolean;
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
  nested: {
    summary: 'a hypervisor inside the guest (QEMU, KVM for AMD-V, an inner kernel)',
    packages: ['qemu-system-x86'],
    // Named by qemu-system-x86's Depends, not library packages. qemu-system-common holds
    // accel-tcg-x86_64.so (QEMU 7.2 has no TCG without it), which needs libc only; its
    // Depends are its display, audio and USB plug-ins' libraries (GStreamer, SPICE, ALSA:
    // some forty packages more), which a guest on a serial line never loads.
    filesOnly: ['qemu-system-common', 'qemu-system-data', 'seabios'],
    // kvm_amd loads only on a CPU showing svm; its dependencies kvm and irqbypass come with it.
    modules: ['kvm_amd'],
    // What -kernel boots need of the firmware, in the folders Debian's QEMU searches.
    keep: [/^usr\/share\/seabios\/bios-256k\.bin$/, /^usr\/share\/qemu\/(linuxboot_dma|kvmvapic)\.bin$/],
    innerImage: true,
  },
};
