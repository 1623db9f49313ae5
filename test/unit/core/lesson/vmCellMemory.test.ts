import { describe, expect, it } from 'vitest';
import { GUEST_MIN_MEMORY_MIB, NESTED_MIN_MEMORY_MIB } from '../../../../src/api/vmApi';
import { VM_CELL_MIN_MEMORY_MIB, VM_CELL_NESTED_MEMORY_MIB, VmCellSpec, vmCellMemoryMiB } from '../../../../src/core/lesson/cellSchemas';

describe('a vm cell’s memory', () => {
  it('has the same floor as the API, so a lesson that lints clean never asks for a guest that cannot boot', () => {
    expect(VM_CELL_MIN_MEMORY_MIB).toBe(GUEST_MIN_MEMORY_MIB);
    expect(VmCellSpec.safeParse({ memoryMiB: GUEST_MIN_MEMORY_MIB - 1 }).success).toBe(false);
    expect(VmCellSpec.safeParse({ memoryMiB: GUEST_MIN_MEMORY_MIB }).success).toBe(true);
  });

  it('defaults to 256 MiB, and to the nested pack’s floor for a guest that runs a hypervisor', () => {
    expect(VM_CELL_NESTED_MEMORY_MIB).toBe(NESTED_MIN_MEMORY_MIB);
    expect(vmCellMemoryMiB(VmCellSpec.parse({}))).toBe(256);
    expect(vmCellMemoryMiB(VmCellSpec.parse({ nested: true }))).toBe(NESTED_MIN_MEMORY_MIB);
    expect(vmCellMemoryMiB(VmCellSpec.parse({ nested: true, memoryMiB: 2048 }))).toBe(2048);
    const small = VmCellSpec.safeParse({ nested: true, memoryMiB: 512 });
    expect(small.success).toBe(false);
    expect(small.error?.issues[0]).toMatchObject({ path: ['memoryMiB'], message: expect.stringContaining('a nested guest needs at least 1024 MiB') });
  });

  it('lets a step wait longer than the default, within bounds', () => {
    expect(VmCellSpec.parse({ steps: [{ type: 'inner-guest tcg', expect: 'ready', timeoutS: 900 }] }).steps[0]?.timeoutS).toBe(900);
    expect(VmCellSpec.safeParse({ steps: [{ type: 'x', timeoutS: 901 }] }).success).toBe(false);
  });
});
