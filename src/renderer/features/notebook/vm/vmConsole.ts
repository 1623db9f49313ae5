/** Pure helpers for vm cells: reading a guest's console as text, and naming its VM. */

// CSI sequences (colours, cursor moves), OSC titles, and lone escapes busybox's shell emits.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Console bytes as plain text: escape sequences and carriage returns removed. */
export function consoleText(raw: string): string {
  return raw.replace(ANSI, '').replace(/\r/g, '');
}

/** Keeps the last `max` characters, cut at a line start when one is near, for saving. */
export function transcriptTail(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = text.slice(text.length - max);
  const nl = tail.indexOf('\n');
  return nl >= 0 && nl < 200 ? tail.slice(nl + 1) : tail;
}

/** A VM id for a vm cell: stable per lesson and cell, so a reload finds the running VM again. */
export function vmIdForCell(slug: string, cellId: string): string {
  const clean = (s: string): string =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const lessonNumber = /^\d+/.exec(slug)?.[0] ?? clean(slug).slice(0, 6);
  const id = `l${lessonNumber}-${clean(cellId)}`.slice(0, 31).replace(/-+$/, '');
  return /^[a-z]/.test(id) ? id : `v${id}`.slice(0, 31);
}
