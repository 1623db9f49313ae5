import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_ARCHIVE, type ArchiveSettings } from './debianArchive';

const APT_DIR = '/etc/apt';

/** URIs of apt source entries, each with the suites it names (one-line and deb822 formats). */
export function aptSourceEntries(text: string, deb822: boolean): Array<{ uri: string; suites: string[] }> {
  if (!deb822) {
    return text
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter((l) => l.startsWith('deb '))
      .map((l) => l.replace(/\[[^\]]*\]\s*/, '').split(/\s+/))
      .map(([, uri, suite]) => ({ uri: uri ?? '', suites: suite ? [suite] : [] }));
  }
  return text.split(/\n\s*\n/).flatMap((stanza) => {
    const field = (f: string): string[] => new RegExp(`^${f}:(.*)$`, 'mi').exec(stanza)?.[1]?.trim().split(/\s+/) ?? [];
    if (!field('Types').includes('deb')) return [];
    return field('URIs').map((uri) => ({ uri, suites: field('Suites') }));
  });
}

async function aptSources(): Promise<Array<{ uri: string; suites: string[] }>> {
  const files: Array<{ file: string; deb822: boolean }> = [{ file: path.join(APT_DIR, 'sources.list'), deb822: false }];
  const dir = path.join(APT_DIR, 'sources.list.d');
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.endsWith('.list') || name.endsWith('.sources')) files.push({ file: path.join(dir, name), deb822: name.endsWith('.sources') });
  }
  const entries = [];
  for (const { file, deb822 } of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    entries.push(...aptSourceEntries(text, deb822));
  }
  return entries;
}

/**
 * The archive to build the guest from: STRATA_DEBIAN_MIRROR and
 * STRATA_DEBIAN_SECURITY_MIRROR when set, else the mirror this host's apt sources name
 * for bookworm (a Debian 12 host may sit behind a local mirror), else Debian's public one.
 */
export async function archiveSettings(env: NodeJS.ProcessEnv = process.env): Promise<ArchiveSettings> {
  const sources = await aptSources();
  const named = (suite: string): string | undefined => sources.find((s) => s.suites.includes(suite) && /^https?:\/\//.test(s.uri))?.uri;
  return {
    mirror: env.STRATA_DEBIAN_MIRROR || named('bookworm') || DEFAULT_ARCHIVE.mirror,
    securityMirror: env.STRATA_DEBIAN_SECURITY_MIRROR || named('bookworm-security') || DEFAULT_ARCHIVE.securityMirror,
  };
}
