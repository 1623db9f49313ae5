/** The fields of a Packages stanza the image build uses. */
export interface PackageEntry {
  name: string;
  version: string;
  /** Path below the archive's root, e.g. pool/main/l/linux-signed-amd64/linux-image-….deb */
  filename: string;
  size: number;
  sha256: string;
  depends: string[];
}

/**
 * Reads the stanzas of a Packages index (deb822: blank-line separated, `Field: value`,
 * continuation lines indented) for the package names asked, newest version of each.
 */
export function findPackages(index: string, names: ReadonlySet<string>, newer: (a: string, b: string) => number): Map<string, PackageEntry> {
  const found = new Map<string, PackageEntry>();
  for (const stanza of index.split(/\n\s*\n/)) {
    const name = /^Package: (\S+)$/m.exec(stanza)?.[1];
    if (!name || !names.has(name)) continue;
    const field = (f: string): string | undefined => new RegExp(`^${f}: (.*)$`, 'm').exec(stanza)?.[1]?.trim();
    const version = field('Version');
    const filename = field('Filename');
    const size = field('Size');
    const sha256 = field('SHA256');
    if (!version || !filename || !size || !sha256) continue;
    const entry: PackageEntry = {
      name,
      version,
      filename,
      size: Number(size),
      sha256,
      // The first alternative of each (`a | b`), as apt picks it, without version or architecture (`python3:any`).
      depends: (field('Depends') ?? '')
        .split(',')
        .map((d) => d.trim().split(/[\s:(]/)[0] ?? '')
        .filter(Boolean),
    };
    const seen = found.get(name);
    if (!seen || newer(version, seen.version) > 0) found.set(name, entry);
  }
  return found;
}
