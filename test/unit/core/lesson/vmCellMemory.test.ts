import { describe, expect, it } from 'vitest';
import { GUEST_MIN_MEMORY_MIB } from '../../../../src/api/vmApi';
import { VM_CELL_MIN_MEMORY_MIB, VmCellSpec } from '../../../../src/core/lesson/cellSchemas';

describe('a vm cell’s memory', () => {
  it('has the same floor as the API, so a lesson that lints clean never asks for a guest that cannot boot', () => {
    expect(VM_CELL_MIN_MEMORY_MIB).toBe(GUEST_MIN_MEMORY_MIB);
    expect(VmCellSpec.safeParse({ memoryMiB: GUEST_MIN_MEMORY_MIB - 1 }).success).toBe(false);
    expect(VmCellSpec.safeParse({ memoryMiB: GUEST_MIN_MEMORY_MIB }).success).toBe(true);
  });
});
