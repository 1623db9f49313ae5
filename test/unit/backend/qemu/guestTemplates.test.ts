import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { identityCommand, stampOf, type TemplateInputs, TemplateStore, templateKey } from '../../../../src/backend/qemu/guestTemplates';

const inputs: TemplateInputs = {
  kernel: { path: '/h/vmlinuz', size: 100, mtimeMs: 1 },
  initrd: { path: '/h/initramfs.gz', size: 200, mtimeMs: 2 },
  qemu: { path: '/usr/bin/qemu-system-x86_64', size: 300, mtimeMs: 3 },
  memoryMiB: 192,
  cpus: 1,
  accel: 'tcg',
  cpu: 'qemu64',
  console: 'virtio',
  kernelArgs: 'console=ttyS0 console=hvc0 quiet',
};

describe('templateKey', () => {
  it('changes with the image, the QEMU binary, memory, CPUs, CPU model, terminal device and kernel command line, and only with them', () => {
    const key = templateKey(inputs);
    expect(templateKey({ ...inputs })).toBe(key);
    const changed: TemplateInputs[] = [
      { ...inputs, initrd: { ...inputs.initrd, mtimeMs: 5 } },
      { ...inputs, kernel: { ...inputs.kernel, size: 101 } },
      { ...inputs, qemu: { ...inputs.qemu, mtimeMs: 4 } },
      { ...inputs, memoryMiB: 256 },
      { ...inputs, cpus: 2 },
      { ...inputs, cpu: 'qemu64,-svm,-vmx' },
      { ...inputs, accel: 'kvm', cpu: 'host' },
      { ...inputs, console: 'serial' },
      { ...inputs, kernelArgs: 'console=ttyS0 console=hvc0 quiet noirqdebug' },
    ];
    expect(new Set([key, ...changed.map(templateKey)]).size).toBe(changed.length + 1);
  });
});

describe('identityCommand', () => {
  const identity = { hostname: 'vm3', mac: '52:54:00:0a:00:03', ip: '10.99.2.13/24', nowMs: 1_700_000_000_400, seed: Buffer.from([1, 2, 3]) };

  it('sets the name, the MAC with the link down, the address, the clock and mixes in the seed, stopping at the first failure', () => {
    expect(identityCommand({ ...identity, seed: Buffer.from([1, 0, 255]) }).split('\n')).toEqual([
      'set -e',
      'echo vm3 > /proc/sys/kernel/hostname',
      'ifconfig eth0 down hw ether 52:54:00:0a:00:03 10.99.2.13 netmask 255.255.255.0 up',
      'date -s @1700000000 >/dev/null',
      "printf '\\001\\000\\377' > /dev/urandom",
    ]);
    expect(identityCommand({ ...identity, ip: '10.99.2.13/20' })).toContain(' 10.99.2.13 netmask 255.255.240.0 up');
  });

  it('refuses anything that is not a plain name, MAC or address (it becomes a shell command)', () => {
    expect(() => identityCommand({ ...identity, hostname: 'a;reboot' })).toThrow(/bad hostname/);
    expect(() => identityCommand({ ...identity, mac: '52:54:00:0a:00:03; x' })).toThrow(/bad MAC/);
    expect(() => identityCommand({ ...identity, ip: '10.0.0.1/24 dev lo' })).toThrow(/bad address/);
    expect(() => identityCommand({ ...identity, ip: '10.0.0.1/33' })).toThrow(/bad address/);
  });
});

describe('TemplateStore', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const writeFiles = async (f: { ram: string; state: string }): Promise<void> => {
    writeFileSync(f.ram, 'ram');
    writeFileSync(f.state, 'state');
  };

  it('makes one template per key at a time, finds it, and removes those whose image files changed when a new one is made', async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'strata-templates-'));
    const kernel = path.join(root, 'vmlinuz');
    const initrd = path.join(root, 'initramfs.gz');
    const extrasInitrd = path.join(root, 'initramfs-criu.gz');
    for (const f of [kernel, initrd, extrasInitrd]) writeFileSync(f, f);
    const real: TemplateInputs = { ...inputs, kernel: await stampOf(kernel), initrd: await stampOf(initrd) };
    const store = new TemplateStore(path.join(root, 'templates'));
    expect(await store.find(real)).toBeUndefined();
    const first = store.build(real, writeFiles, () => undefined);
    expect(store.pending(real)).toBe(first);
    expect(store.build(real, writeFiles, () => undefined)).toBe(first);
    const made = await first;
    expect(made?.key).toBe(templateKey(real));
    expect(store.pending(real)).toBeUndefined();
    expect(await store.find(real)).toEqual(made);
    // Another memory size, and the same image with extras: neither is stale.
    const bigger = await store.build({ ...real, memoryMiB: 256 }, writeFiles, () => undefined);
    const extras = await store.build({ ...real, initrd: await stampOf(extrasInitrd) }, writeFiles, () => undefined);
    expect(readdirSync(store.root).sort()).toEqual([made!.key, bigger!.key, extras!.key].sort());

    const later = new Date(Date.now() + 60_000);
    utimesSync(initrd, later, later);
    const fresh = await store.build({ ...real, initrd: await stampOf(initrd) }, writeFiles, () => undefined);
    expect(readdirSync(store.root).sort()).toEqual([fresh!.key, extras!.key].sort());
    expect(await store.find(real)).toBeUndefined();
  });

  it('resolves undefined and leaves nothing behind when the build fails, saying why', async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'strata-templates-'));
    const lines: string[] = [];
    const store = new TemplateStore(root);
    expect(
      await store.build(
        inputs,
        () => Promise.reject(new Error('QEMU said no')),
        (l) => lines.push(l),
      ),
    ).toBeUndefined();
    expect(readdirSync(root)).toEqual([]);
    expect(lines).toEqual(['strata: no template for this guest (QEMU said no); VMs boot from the kernel']);
  });
});
