import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCpio } from '../../../../src/backend/qemu/cpioWriter';

/** Reads newc records back: name, mode, size, rdev and data. */
function parse(archive: Uint8Array): Array<{ name: string; mode: number; data: Uint8Array; rdevmajor: number; rdevminor: number }> {
  const out = [];
  let at = 0;
  const text = (a: number, n: number): string => new TextDecoder().decode(archive.subarray(a, a + n));
  for (;;) {
    expect(text(at, 6)).toBe('070701');
    const field = (i: number): number => parseInt(text(at + 6 + i * 8, 8), 16);
    const mode = field(1);
    const size = field(6);
    const namesize = field(11);
    const name = text(at + 110, namesize - 1);
    let next = at + 110 + namesize;
    next += (4 - (next % 4)) % 4;
    const data = archive.subarray(next, next + size);
    next += size;
    next += (4 - (next % 4)) % 4;
    if (name === 'TRAILER!!!') break;
    out.push({ name, mode, data, rdevmajor: field(9), rdevminor: field(10) });
    at = next;
  }
  return out;
}

function hasCpio(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v cpio']);
    return true;
  } catch {
    return false;
  }
}

describe('writeCpio', () => {
  it('writes newc records with 4-byte alignment that read back exactly', () => {
    const archive = writeCpio([
      { type: 'dir', path: 'bin' },
      { type: 'file', path: 'bin/hello', data: new TextEncoder().encode('odd-length!'), mode: 0o755 },
      { type: 'symlink', path: 'bin/sh', target: 'hello' },
      { type: 'char', path: 'dev/console', major: 5, minor: 1 },
    ]);
    expect(archive.byteLength % 4).toBe(0);
    const entries = parse(archive);
    expect(entries.map((e) => e.name)).toEqual(['bin', 'bin/hello', 'bin/sh', 'dev/console']);
    expect(entries[0]!.mode).toBe(0o040755);
    expect(new TextDecoder().decode(entries[1]!.data)).toBe('odd-length!');
    expect(entries[1]!.mode).toBe(0o100755);
    expect(new TextDecoder().decode(entries[2]!.data)).toBe('hello');
    expect(entries[3]).toMatchObject({ mode: 0o020600, rdevmajor: 5, rdevminor: 1 });
  });

  it('strips leading slashes, as the kernel wants relative names', () => {
    expect(parse(writeCpio([{ type: 'dir', path: '/etc' }]))[0]!.name).toBe('etc');
  });

  it.skipIf(!hasCpio())('is unpacked by GNU cpio', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cpio-'));
    try {
      const archive = path.join(dir, 'a.cpio');
      writeFileSync(
        archive,
        writeCpio([
          { type: 'dir', path: 'etc' },
          { type: 'file', path: 'etc/motd', data: new TextEncoder().encode('hi\n') },
          { type: 'symlink', path: 'etc/link', target: 'motd' },
        ]),
      );
      execFileSync('sh', ['-c', `cd ${dir} && mkdir out && cd out && cpio -id --quiet < ../a.cpio`]);
      expect(readFileSync(path.join(dir, 'out/etc/motd'), 'utf8')).toBe('hi\n');
      expect(readlinkSync(path.join(dir, 'out/etc/link'))).toBe('motd');
      expect(statSync(path.join(dir, 'out/etc')).isDirectory()).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
