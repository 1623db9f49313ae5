import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkUserFile } from '../../../src/backend/qemu/userFiles';
import { disposeAndCheck, newService, skipWithoutQemu } from './qemuTestKit';

const img = (...args: string[]) => execFileSync('qemu-img', args);

describe.skipIf(skipWithoutQemu)('kernel, initrd and disk paths a user gives', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'strata-user-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const refused = (field: 'kernel' | 'initrd' | 'disk', file: string, why: string) =>
    expect(checkUserFile(field, file)).rejects.toMatchObject({ code: 'bad-request', message: `${field}: ${file} ${why}` });

  it('refuses relative paths, system trees, directories, pipes and missing files', async () => {
    await refused('kernel', 'vmlinuz', 'is not an absolute path');
    await refused('initrd', '../initrd.gz', 'is not an absolute path');
    await refused('kernel', '/dev/null', 'is under /dev, which holds no boot files');
    await refused('initrd', '/proc/self/environ', 'is under /proc, which holds no boot files');
    await refused('kernel', dir, 'is not a regular file (a directory)');
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await refused('initrd', fifo, 'is not a regular file (a device, socket or pipe)');
    await refused('kernel', path.join(dir, 'none'), 'does not exist');
  });

  it('refuses files private by design, also through a symlink or as a backing file', async () => {
    const why = 'is private to its owner (only files every user may read, or your own files, are used)';
    await refused('disk', '/etc/shadow', why);
    const link = path.join(dir, 'innocent.img');
    symlinkSync('/etc/shadow', link);
    await refused('disk', link, why);
    const overlay = path.join(dir, 'overlay.qcow2');
    img('create', '-q', '-f', 'qcow2', '-u', '-b', '/etc/shadow', '-F', 'raw', overlay, '16M');
    await refused('disk', overlay, `has a backing file /etc/shadow that ${why}`);
    if (process.getuid?.() === 0) {
      // Run as root, every file is "yours": only what every user may read is taken.
      const secret = path.join(dir, 'secret.raw');
      img('create', '-q', '-f', 'raw', secret, '1M');
      chmodSync(secret, 0o600);
      await refused('disk', secret, why);
    }
  });

  it('takes a disk only as qcow2 or a raw image of whole sectors', async () => {
    const text = path.join(dir, 'notes.txt');
    writeFileSync(text, 'not a disk\n');
    await refused('disk', text, 'is not a disk image: it is neither qcow2 nor a raw disk of whole 512-byte sectors, at least 1 MiB (11 bytes)');
    const vmdk = path.join(dir, 'disk.vmdk');
    img('create', '-q', '-f', 'vmdk', vmdk, '16M');
    await refused('disk', vmdk, 'is a vmdk image: it must be qcow2 or raw');
    const raw = path.join(dir, 'disk.raw');
    img('create', '-q', '-f', 'raw', raw, '16M');
    await expect(checkUserFile('disk', raw)).resolves.toBe(raw);
    const qcow2 = path.join(dir, 'disk.qcow2');
    img('create', '-q', '-f', 'qcow2', '-b', raw, '-F', 'raw', qcow2);
    await expect(checkUserFile('disk', qcow2)).resolves.toBe(qcow2);
  });

  it('makes vm.create refuse the file before any QEMU starts', async () => {
    const service = newService();
    try {
      await expect(
        service.create({ memoryMiB: 128, cpus: 1, noVirtExtensions: false, waitReady: false, kernel: '/bin/sh', disk: '/etc/shadow' }),
      ).rejects.toMatchObject({
        code: 'bad-request',
        message: 'disk: /etc/shadow is private to its owner (only files every user may read, or your own files, are used)',
      });
      expect(service.list()).toEqual([]);
    } finally {
      await disposeAndCheck(service);
    }
  });
});
