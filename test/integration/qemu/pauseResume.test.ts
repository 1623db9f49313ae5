import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Machine } from '../../../src/backend/qemu/machine';
import type { VmService } from '../../../src/backend/qemu/vmService';
import { disposeAndCheck, newService, skipWithoutQemu } from './qemuTestKit';

describe.skipIf(skipWithoutQemu)('pause and resume', () => {
  let service: VmService;
  let vm: Machine;
  let text = '';
  const ticks = (): number[] => [...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));

  beforeAll(async () => {
    service = newService();
    await service.create({ id: 'vm1', memoryMiB: 192, cpus: 1, noVirtExtensions: false, waitReady: true });
    vm = service.machine('vm1');
    vm.console.onText((t) => (text += t));
  });

  afterAll(async () => {
    await disposeAndCheck(service);
  });

  it('freezes a counting guest while paused and lets it go on after resume', async () => {
    vm.input(new TextEncoder().encode('i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.2; done\n'));
    await vm.console.waitFor(/tick 3\b/, 30_000);
    expect((await service.pause('vm1')).state).toBe('paused');
    const atPause = ticks().at(-1)!;
    await new Promise((r) => setTimeout(r, 2000));
    // At most one line already on its way when the CPU stopped.
    expect(ticks().at(-1)!).toBeLessThanOrEqual(atPause + 1);
    const frozen = ticks().at(-1)!;
    expect((await service.resume('vm1')).state).toBe('running');
    await vm.console.waitFor(new RegExp(`tick ${frozen + 3}\\b`), 30_000);
    expect(ticks().at(-1)!).toBeGreaterThanOrEqual(frozen + 3);
    vm.input(new Uint8Array([3]));
  });

  it('refuses to pause a VM that does not exist', async () => {
    await expect(service.pause('nope')).rejects.toMatchObject({ code: 'not-found' });
  });
});
