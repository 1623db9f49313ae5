/**
 * Pure helpers for vm cells: reading a guest's serial console as text, and typing a
 * command so that its end can be recognised in the output.
 */

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

/**
 * The line to type for a command whose output must be captured, and the marker that
 * ends its output (followed by the command's exit status). The marker is computed by the
 * guest's shell (`$((n+1))`), so the echo of the typed line itself never contains it.
 */
export function markedCommand(command: string, n: number): { line: string; marker: string } {
  return { line: `${command}; echo __strata_$((${n}+1))__ $?\r`, marker: `__strata_${n + 1}__` };
}

/**
 * What a marked command printed and its exit status: the text between the echoed command
 * line and the marker, or null while the marker and status have not appeared.
 */
export function markedOutput(text: string, marker: string): { stdout: string; exitCode: number } | null {
  const end = text.indexOf(marker);
  if (end === -1) return null;
  const status = /^ (\d+)\n/.exec(text.slice(end + marker.length));
  if (!status) return null;
  const body = text.slice(0, end);
  const firstNewline = body.indexOf('\n');
  return { stdout: firstNewline === -1 ? '' : body.slice(firstNewline + 1), exitCode: Number(status[1]) };
}

/** A VM id for a vm cell: stable per lesson and cell, so a reload finds the running VM again. */
export function vmIdForCell(slug: string, cellId: string): string {
  const clean = (s: string): string => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  const lessonNumber = /^\d+/.exec(slug)?.[0] ?? clean(slug).slice(0, 6);
  const id = `l${lessonNumber}-${clean(cellId)}`.slice(0, 31).replace(/-+$/, '');
  return /^[a-z]/.test(id) ? id : `v${id}`.slice(0, 31);
}
