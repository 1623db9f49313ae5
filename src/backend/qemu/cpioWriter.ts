/** One entry of an initramfs archive. Paths are relative (no leading slash), as the kernel expects. */
export type CpioEntry =
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'file'; path: string; data: Uint8Array; mode?: number }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'char'; path: string; major: number; minor: number; mode?: number };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;
const TRAILER = 'TRAILER!!!';

/**
 * Writes a cpio archive in the "newc" format (magic 070701), the one the Linux kernel
 * unpacks as an initramfs. Written by hand so building a guest needs no cpio tool and no
 * root: owners are always 0 and device nodes are records, not real files.
 */
export function writeCpio(entries: readonly CpioEntry[], mtime = 0): Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 0;
  let ino = 1;
  const push = (chunk: Uint8Array): void => {
    parts.push(chunk);
    offset += chunk.byteLength;
  };
  const pad = (): void => {
    const rest = (4 - (offset % 4)) % 4;
    if (rest) push(new Uint8Array(rest));
  };
  const record = (name: string, mode: number, data: Uint8Array, rdev: { major: number; minor: number }, nlink: number): void => {
    const nameBytes = new TextEncoder().encode(name + '\0');
    const fields = [ino++, mode, 0, 0, nlink, mtime, data.byteLength, 0, 0, rdev.major, rdev.minor, nameBytes.byteLength, 0];
    const header = '070701' + fields.map((f) => f.toString(16).padStart(8, '0')).join('');
    push(new TextEncoder().encode(header));
    push(nameBytes);
    pad();
    if (data.byteLength) push(data);
    pad();
  };
  const none = { major: 0, minor: 0 };
  for (const entry of entries) {
    const name = entry.path.replace(/^\/+/, '');
    if (!name) throw new Error('a cpio entry needs a path');
    switch (entry.type) {
      case 'dir':
        record(name, S_IFDIR | (entry.mode ?? 0o755), new Uint8Array(), none, 2);
        break;
      case 'file':
        record(name, S_IFREG | (entry.mode ?? 0o644), entry.data, none, 1);
        break;
      case 'symlink':
        record(name, S_IFLNK | 0o777, new TextEncoder().encode(entry.target), none, 1);
        break;
      case 'char':
        record(name, S_IFCHR | (entry.mode ?? 0o600), new Uint8Array(), { major: entry.major, minor: entry.minor }, 1);
        break;
    }
  }
  ino = 0;
  record(TRAILER, 0, new Uint8Array(), none, 1);
  const out = new Uint8Array(offset);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
