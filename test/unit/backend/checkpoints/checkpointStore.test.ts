import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointStore } from '../../../../src/backend/checkpoints/checkpointStore';
import type { CheckpointedVm } from '../../../../src/backend/qemu/vmService';

const vm: CheckpointedVm = {
  spec: {
    id: 'vm1',
    hostname: 'vm1',
    memoryMiB: 192,
    cpus: 1,
    accel: 'tcg',
    noVirtExtensions: false,
    kernel: '/h/vmlinuz',
    initrd: '/h/initramfs.gz',
    append: 'console=ttyS0 console=hvc0 quiet',
    diskVisible: false,
    ownImage: true,
    console: 'virtio',
    extras: [],
  },
  saved: { wasRunning: true, node: 'node1' },
};

describe('CheckpointStore', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'checkpoints-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps each VM’s terminal device, and reads a checkpoint from before the virtio console as the serial line’s', async () => {
    const store = new CheckpointStore(root);
    const id = store.newId();
    const draft = await store.draft(id);
    await draft.commit({ id, name: 'demo', takenAt: 1, tookMs: 2, vms: [], sims: [] }, [vm]);
    expect((await store.get(id))!.record.machines[0]!.spec.console).toBe('virtio');

    const file = path.join(root, id, 'checkpoint.json');
    const record = JSON.parse(readFileSync(file, 'utf8')) as { machines: Array<{ spec: Record<string, unknown> }> };
    delete record.machines[0]!.spec.console;
    writeFileSync(file, JSON.stringify(record));
    expect((await store.get(id))!.record.machines[0]!.spec.console).toBe('serial');
  });
});
