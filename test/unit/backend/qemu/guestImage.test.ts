import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const consoleDir = new URL('../../../../assets/guest/console/', import.meta.url);

describe("the guest image's console relay (assets/guest/console)", () => {
  it('is the build of its source as it stands: run build.sh after changing strata-console.c', async () => {
    const binary = await readFile(new URL('strata-console', consoleDir));
    const source = await readFile(new URL('strata-console.c', consoleDir));
    const recorded = /strata-console source sha256 ([0-9a-f]{64})/.exec(binary.toString('latin1'))?.[1];
    expect(recorded).toBe(createHash('sha256').update(source).digest('hex'));
  });

  it('is a static x86-64 executable, since the guest has no C library', async () => {
    const binary = await readFile(new URL('strata-console', consoleDir));
    expect(binary.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(binary[4]).toBe(2); // 64-bit
    expect(binary.readUInt16LE(18)).toBe(0x3e); // x86-64
    // No program header asks for a dynamic loader (PT_INTERP, type 3).
    const phoff = Number(binary.readBigUInt64LE(32));
    const phentsize = binary.readUInt16LE(54);
    const phnum = binary.readUInt16LE(56);
    const types = Array.from({ length: phnum }, (_, i) => binary.readUInt32LE(phoff + i * phentsize));
    expect(types).toContain(1); // PT_LOAD
    expect(types).not.toContain(3);
  });
});
