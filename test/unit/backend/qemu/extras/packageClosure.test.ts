import { describe, expect, it } from 'vitest';
import type { PackageEntry } from '../../../../../src/backend/qemu/archive/packagesIndex';
import { filesOnly, libraryClosure } from '../../../../../src/backend/qemu/extras/packageClosure';

const entry = (name: string, depends: string[]): PackageEntry => ({ name, version: '1', filename: `pool/${name}.deb`, size: 1, sha256: 'x', depends });

/** A small index shaped like bookworm's: criu needs python3 (for crit) and libraries that share libc6. */
const index = new Map(
  [
    entry('criu', ['python3-protobuf', 'python3', 'libbsd0', 'libc6', 'libnftables1']),
    entry('libbsd0', ['libc6', 'libmd0', 'zlib1g']),
    entry('zlib1g', ['libc6']),
    entry('libmd0', ['libc6']),
    entry('libnftables1', ['libc6', 'libjansson4']),
    entry('libjansson4', ['libc6']),
    entry('libc6', ['libgcc-s1']),
    entry('libgcc-s1', ['gcc-12-base', 'libc6']),
    entry('python3', ['libpython3.11']),
  ].map((e) => [e.name, e]),
);

describe('libraryClosure', () => {
  it('follows Depends into every library package, once each, and leaves tools and interpreters out', async () => {
    const asked: string[][] = [];
    const found = await libraryClosure(['criu'], async (names) => {
      asked.push([...names]);
      return new Map([...names].flatMap((n) => (index.has(n) ? [[n, index.get(n)!] as const] : [])));
    });
    expect(found.map((p) => p.name).sort()).toEqual(['criu', 'libbsd0', 'libc6', 'libgcc-s1', 'libjansson4', 'libmd0', 'libnftables1', 'zlib1g']);
    expect(asked.flat().filter((n) => n === 'libc6')).toHaveLength(1);
  });

  it('names the package that needed a library the index lacks', async () => {
    const lacking = new Map(index);
    lacking.delete('libmd0');
    await expect(
      libraryClosure(['criu'], async (names) => new Map([...names].flatMap((n) => (lacking.has(n) ? [[n, lacking.get(n)!] as const] : [])))),
    ).rejects.toThrow('libmd0 (a dependency of libbsd0) is not in the Debian package index');
  });
});

describe('filesOnly', () => {
  const find = async (names: ReadonlySet<string>) => new Map([...names].flatMap((n) => (index.has(n) ? [[n, index.get(n)!] as const] : [])));

  it('takes the packages named and none of their Depends', async () => {
    expect((await filesOnly(['criu', 'python3'], find)).map((p) => p.name)).toEqual(['criu', 'python3']);
    expect(await filesOnly([], find)).toEqual([]);
  });

  it('names a package the index lacks', async () => {
    await expect(filesOnly(['seabios'], find)).rejects.toThrow('seabios is not in the Debian package index');
  });
});
