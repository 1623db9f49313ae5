import type { PackageEntry } from '../archive/packagesIndex';

/**
 * Debian names its shared-library packages after the library (policy 8.1: `libc6`,
 * `libgnutls30`), so the Depends worth following into a busybox guest are those: tools
 * and interpreters a package also names (python3 for CRIU's `crit`) stay out. zlib's
 * package, `zlib1g`, is the one library whose name does not start with `lib` (QEMU needs it).
 */
export const isLibraryPackage = (name: string): boolean => name.startsWith('lib') || name === 'zlib1g';

/**
 * The packages `roots` need to run: the roots and, following Depends from each, every
 * library package they reach, each once. A root or a library no index knows is an error
 * naming who asked for it.
 */
export async function libraryClosure(
  roots: readonly string[],
  find: (names: ReadonlySet<string>) => Promise<Map<string, PackageEntry>>,
): Promise<PackageEntry[]> {
  const found = new Map<string, PackageEntry>();
  const neededBy = new Map<string, string>();
  let wave = new Set(roots);
  while (wave.size) {
    const entries = await find(wave);
    const next = new Set<string>();
    for (const name of wave) {
      const entry = entries.get(name);
      if (!entry) throw new Error(`${name}${neededBy.has(name) ? ` (a dependency of ${neededBy.get(name)})` : ''} is not in the Debian package index`);
      found.set(name, entry);
      for (const dep of entry.depends) {
        if (!isLibraryPackage(dep) || found.has(dep) || wave.has(dep)) continue;
        next.add(dep);
        if (!neededBy.has(dep)) neededBy.set(dep, name);
      }
    }
    wave = next;
  }
  return [...found.values()];
}

/** Packages taken for their files alone, their Depends not followed; one no index knows is an error. */
export async function filesOnly(names: readonly string[], find: (names: ReadonlySet<string>) => Promise<Map<string, PackageEntry>>): Promise<PackageEntry[]> {
  if (!names.length) return [];
  const entries = await find(new Set(names));
  return names.map((name) => {
    const entry = entries.get(name);
    if (!entry) throw new Error(`${name} is not in the Debian package index`);
    return entry;
  });
}
