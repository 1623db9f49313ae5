import { describe, expect, it } from 'vitest';
import { GUEST_MIN_MEMORY_MIB, vmCommands, VmCreateRequest } from '../../../src/api/vmApi';

describe('guest memory', () => {
  it('refuses less than the guest boots with, saying the minimum', () => {
    const result = VmCreateRequest.safeParse({ memoryMiB: 64 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(`a VM needs at least ${GUEST_MIN_MEMORY_MIB} MiB of memory: the guest kernel does not boot with less`);
    expect(vmCommands['cluster.deploy'].request.safeParse({ nbvm: 2, nbnode: 1, memoryMiB: 96 }).success).toBe(false);
  });

  it('accepts the minimum (test/integration/qemu/concurrency.test.ts boots guests with it)', () => {
    expect(VmCreateRequest.parse({ memoryMiB: GUEST_MIN_MEMORY_MIB }).memoryMiB).toBe(GUEST_MIN_MEMORY_MIB);
  });
});
