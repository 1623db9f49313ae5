/**
 * Debian's version ordering (Debian Policy 5.6.12), so that the archive path picks the
 * same kernel apt would: the newest of the suites it reads. Written here because it is a
 * dozen lines of Debian's own rule, not a parsing job.
 */
interface DebVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

function split(version: string): DebVersion {
  const colon = version.indexOf(':');
  const epoch = colon >= 0 ? Number(version.slice(0, colon)) : 0;
  const rest = colon >= 0 ? version.slice(colon + 1) : version;
  const dash = rest.lastIndexOf('-');
  return { epoch, upstream: dash >= 0 ? rest.slice(0, dash) : rest, revision: dash >= 0 ? rest.slice(dash + 1) : '0' };
}

/** `~` sorts before everything, even the end of the string; letters before other characters. */
function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function comparePart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !/\d/.test(a[i]!)) || (j < b.length && !/\d/.test(b[j]!))) {
      const diff = order(/\d/.test(a[i] ?? '0') ? undefined : a[i]) - order(/\d/.test(b[j] ?? '0') ? undefined : b[j]);
      if (diff !== 0) return diff;
      i++;
      j++;
    }
    let na = '';
    let nb = '';
    while (i < a.length && /\d/.test(a[i]!)) na += a[i++];
    while (j < b.length && /\d/.test(b[j]!)) nb += b[j++];
    const diff = Number(na || '0') - Number(nb || '0');
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Negative when a is older than b, positive when newer, 0 when equal. */
export function compareDebVersions(a: string, b: string): number {
  const x = split(a);
  const y = split(b);
  return x.epoch - y.epoch || comparePart(x.upstream, y.upstream) || comparePart(x.revision, y.revision);
}
