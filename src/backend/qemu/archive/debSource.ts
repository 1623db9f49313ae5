import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { compareDebVersions } from './debVersion';
import type { DebianArchive, ResolvedPackage } from './debianArchive';
import { findPackages, type PackageEntry } from './packagesIndex';

const run = promisify(execFile);

/** Where .deb files come from: apt on a Debian-like host, else the signed archive over HTTP. */
export interface DebSource {
  /** The index entries of the packages named (the version apt would pick); names no index knows are left out. */
  find(names: ReadonlySet<string>): Promise<Map<string, PackageEntry>>;
  /** The package's .deb in the download cache, fetched when missing. */
  download(pkg: PackageEntry, onProgress?: (received: number, total: number) => void): Promise<string>;
}

/** apt's view: `apt-cache show` prints the same stanzas as a Packages index. */
export function aptSource(downloads: string): DebSource {
  return {
    async find(names) {
      if (!names.size) return new Map();
      const { stdout } = await run('apt-cache', ['show', '--no-all-versions', ...names], { maxBuffer: 16 * 1024 * 1024 }).catch((err: { stdout?: string }) => ({
        stdout: err.stdout ?? '',
      }));
      return findPackages(stdout, names, compareDebVersions);
    },
    download: (pkg) => aptDownload(pkg.name, downloads),
  };
}

export function archiveSource(archive: DebianArchive): DebSource {
  const found = new Map<string, ResolvedPackage>();
  return {
    async find(names) {
      const entries = await archive.find(names);
      for (const [name, entry] of entries) found.set(name, entry);
      return entries;
    },
    download(pkg, onProgress) {
      const resolved = found.get(pkg.name);
      if (!resolved) return Promise.reject(new Error(`${pkg.name} was not looked up in the archive before its download`));
      return archive.download(resolved, (p) => onProgress?.(p.received, p.total));
    },
  };
}

/** `apt-get download` into `dir` (reused when already there); returns the .deb path. */
export async function aptDownload(pkg: string, dir: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const existing = (await fs.readdir(dir)).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
  if (existing) return path.join(dir, existing);
  try {
    await run('apt-get', ['download', pkg], { cwd: dir, maxBuffer: 4 * 1024 * 1024 });
  } catch (err) {
    throw new Error(`apt-get download ${pkg} failed: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message}`, { cause: err });
  }
  const deb = (await fs.readdir(dir)).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
  if (!deb) throw new Error(`apt-get download ${pkg} produced no .deb`);
  return path.join(dir, deb);
}
