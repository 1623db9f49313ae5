import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modinfoDepends, moduleIndex, moduleLoadOrder } from '../../../../../src/backend/qemu/extras/kernelModules';

/** A stand-in .ko: bytes around a .modinfo section of NUL-separated strings, as the kernel build writes it. */
const ko = (depends: string): Buffer => Buffer.from(`\x7fELF junk\0license=GPL\0depends=${depends}\0retpoline=Y\0name=x\0vermagic=6.1\0`, 'latin1');

describe('kernel modules of the extras', () => {
  const tree = mkdtempSync(path.join(os.tmpdir(), 'strata-modules-'));
  const put = (rel: string, depends: string): void => {
    mkdirSync(path.join(tree, 'kernel', path.dirname(rel)), { recursive: true });
    writeFileSync(path.join(tree, 'kernel', rel), ko(depends));
  };
  put('net/netfilter/nf_tables.ko', 'nfnetlink,libcrc32c');
  put('net/netfilter/nfnetlink.ko', '');
  put('lib/libcrc32c.ko', '');
  put('net/ipv4/tcp_diag.ko', 'inet_diag');
  put('net/ipv4/inet_diag.ko', '');
  put('drivers/net/virtio_net.ko', 'net_failover,virtio_ring');
  put('drivers/dash-named.ko', 'nfnetlink');

  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it('reads what a module depends on from its modinfo', () => {
    expect(modinfoDepends(ko('nfnetlink,libcrc32c'))).toEqual(['nfnetlink', 'libcrc32c']);
    expect(modinfoDepends(ko(''))).toEqual([]);
  });

  it('orders the modules asked so each comes after those it needs, and skips the base image’s', async () => {
    const index = await moduleIndex(tree);
    const order = (await moduleLoadOrder(index, ['nf_tables', 'tcp_diag', 'libcrc32c', 'dash_named'])).map((m) => m.name);
    expect(order).toEqual(['nfnetlink', 'libcrc32c', 'nf_tables', 'inet_diag', 'tcp_diag', 'dash-named']);
    expect((await moduleLoadOrder(index, ['nf_tables'], new Set(['nfnetlink']))).map((m) => m.name)).toEqual(['libcrc32c', 'nf_tables']);
  });

  it('names a module the kernel package lacks', async () => {
    await expect(moduleLoadOrder(await moduleIndex(tree), ['virtio_net'])).rejects.toThrow('kernel module net_failover not found in the kernel package');
  });
});
