import { xz } from '@napi-rs/lzma';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Key } from 'openpgp';
import { compareDebVersions } from './debVersion';
import { findPackages, type PackageEntry } from './packagesIndex';
import { downloadVerified, type DownloadProgress } from './resumableDownload';
import { loadArchiveKeys, verifyInRelease } from './signedRelease';
import { fetchText } from './httpGet';

/** One suite of one archive, e.g. bookworm-security on deb.debian.org/debian-security. */
export interface ArchiveSuite {
  baseUrl: string;
  suite: string;
}

/** Where the guest's packages come from: Debian 12's suites (the guest kernel is bookworm's). */
export interface ArchiveSettings {
  /** Debian's main archive (default http://deb.debian.org/debian). */
  mirror: string;
  /** Debian's security archive, which has its own address and key (default http://deb.debian.org/debian-security). */
  securityMirror: string;
}

export const DEFAULT_ARCHIVE: ArchiveSettings = { mirror: 'http://deb.debian.org/debian', securityMirror: 'http://deb.debian.org/debian-security' };
const RELEASE = 'bookworm';
const ARCH = 'amd64';

export function suitesOf(settings: ArchiveSettings): ArchiveSuite[] {
  const strip = (u: string): string => u.replace(/\/+$/, '');
  return [
    { baseUrl: strip(settings.mirror), suite: RELEASE },
    { baseUrl: strip(settings.mirror), suite: `${RELEASE}-updates` },
    { baseUrl: strip(settings.securityMirror), suite: `${RELEASE}-security` },
  ];
}

/** A package resolved in a signed index, with the address to fetch it from. */
export interface ResolvedPackage extends PackageEntry {
  url: string;
}

export interface ArchiveProgress {
  message: string;
  received: number;
  total: number;
}

/**
 * Debian packages fetched over HTTP and checked without apt: each suite's InRelease is
 * verified with Debian's published keys, each Packages index and each .deb against the
 * SHA-256 that the signed file names. Works the same on any host OS.
 */
export class DebianArchive {
  private keys: Promise<Key[]> | undefined;
  private indexes: Promise<Array<{ suite: ArchiveSuite; text: string }>> | undefined;

  constructor(
    private readonly settings: ArchiveSettings,
    private readonly keyDir: string,
    private readonly cacheDir: string,
  ) {}

  /**
   * The newest version of each package across the suites, as apt would pick it, and
   * for `linux-image-cloud-amd64` (an empty metapackage) the kernel package it depends on.
   */
  async resolve(names: readonly string[], onProgress: (p: ArchiveProgress) => void): Promise<Map<string, ResolvedPackage>> {
    const wanted = new Set(names);
    const best = await this.find(wanted, onProgress);
    const meta = best.get('linux-image-cloud-amd64');
    const kernel = meta?.depends.find((d) => /^linux-image-\d.*-cloud-amd64$/.test(d));
    if (wanted.has('linux-image-cloud-amd64')) {
      if (!kernel) throw new Error(`no linux-image-*-cloud-amd64 package in ${this.settings.mirror} (${RELEASE})`);
      const pkg = (await this.find(new Set([kernel]), onProgress)).get(kernel);
      if (!pkg) throw new Error(`${kernel} is named by linux-image-cloud-amd64 but is not in the archive's index`);
      best.set('linux-image-cloud-amd64', pkg);
    }
    for (const name of names) if (!best.has(name)) throw new Error(`${name} is not in ${RELEASE}'s package index`);
    return best;
  }

  /** The newest version of each named package the suites hold; names they lack are left out. Indexes are read once. */
  async find(names: ReadonlySet<string>, onProgress: (p: ArchiveProgress) => void = () => {}): Promise<Map<string, ResolvedPackage>> {
    this.indexes ??= this.readIndexes(onProgress).catch((err: unknown) => {
      this.indexes = undefined;
      throw err;
    });
    const best = new Map<string, ResolvedPackage>();
    for (const { suite, text } of await this.indexes) {
      for (const [name, entry] of findPackages(text, names, compareDebVersions)) {
        const seen = best.get(name);
        if (!seen || compareDebVersions(entry.version, seen.version) > 0) best.set(name, { ...entry, url: `${suite.baseUrl}/${entry.filename}` });
      }
    }
    return best;
  }

  private async readIndexes(onProgress: (p: ArchiveProgress) => void): Promise<Array<{ suite: ArchiveSuite; text: string }>> {
    const indexes: Array<{ suite: ArchiveSuite; text: string }> = [];
    for (const suite of suitesOf(this.settings)) {
      const text = await this.packagesIndex(suite, onProgress);
      if (text !== null) indexes.push({ suite, text });
    }
    return indexes;
  }

  /** Downloads a resolved package into the cache (resumed if cut, checked by SHA-256). */
  async download(pkg: ResolvedPackage, onProgress: (p: DownloadProgress) => void): Promise<string> {
    await fs.mkdir(this.cacheDir, { recursive: true });
    const file = path.join(this.cacheDir, path.basename(pkg.filename));
    await downloadVerified(pkg.url, file, pkg, onProgress);
    return file;
  }

  /** The suite's main Packages index, or null for a suite the archive does not have (updates may be empty). */
  private async packagesIndex(suite: ArchiveSuite, onProgress: (p: ArchiveProgress) => void): Promise<string | null> {
    const releaseUrl = `${suite.baseUrl}/dists/${suite.suite}/InRelease`;
    onProgress({ message: `Checking the signature of ${releaseUrl}`, received: 0, total: 0 });
    const release = await fetchText(releaseUrl);
    if (release === null) {
      if (suite.suite === RELEASE) throw new Error(`${releaseUrl} was not found: is ${suite.baseUrl} a Debian archive?`);
      return null;
    }
    this.keys ??= loadArchiveKeys(this.keyDir);
    const table = await verifyInRelease(release, await this.keys, releaseUrl);
    const name = `main/binary-${ARCH}/Packages.xz`;
    const entry = table.get(name);
    if (!entry) return null;
    await fs.mkdir(this.cacheDir, { recursive: true });
    const file = path.join(this.cacheDir, `${new URL(suite.baseUrl).host}_${suite.suite}_Packages.xz`);
    await downloadVerified(`${suite.baseUrl}/dists/${suite.suite}/${name}`, file, entry, (p) =>
      onProgress({ message: `Downloading the ${suite.suite} package index`, received: p.received, total: p.total }),
    );
    return (await xz.decompress(await fs.readFile(file))).toString('utf8');
  }
}
