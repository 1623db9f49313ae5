/**
 * The path and query a request asks for, or null when its request-target is anything
 * but a plain path ("/…"): `//`, `*`, absolute URLs and unparsable text are refused
 * instead of reaching `new URL`, which throws on some of them.
 */
export function requestTarget(raw: string | undefined, host: string): URL | null {
  if (!raw?.startsWith('/')) return null;
  try {
    const url = new URL(`http://${host}${raw}`);
    return url.host === host ? url : null;
  } catch {
    return null;
  }
}

/** A request-target fit for a log line: the query (where the token travels) is cut, and so is the length. */
export function loggableTarget(raw: string | undefined): string {
  const path = (raw ?? '').split('?')[0]!;
  return JSON.stringify(path.length > 120 ? `${path.slice(0, 120)}…` : path);
}
