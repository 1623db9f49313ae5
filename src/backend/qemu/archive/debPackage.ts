import fs from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { xz } from '@napi-rs/lzma';
import { extract, type Header } from 'tar-stream';

const AR_MAGIC = '!<arch>\n';
const AR_HEADER = 60;

/**
 * The members of an ar archive, the container a .deb is. The format is a magic line and
 * fixed 60-byte headers (name, dates, owner, mode, size), each member padded to an even
 * offset: simple enough that no ar library is worth a dependency.
 */
export function arMembers(archive: Uint8Array): Map<string, Uint8Array> {
  const text = (from: number, length: number): string => Buffer.from(archive.subarray(from, from + length)).toString('latin1');
  if (text(0, AR_MAGIC.length) !== AR_MAGIC) throw new Error('not a .deb (ar) archive');
  const members = new Map<string, Uint8Array>();
  let offset = AR_MAGIC.length;
  while (offset + AR_HEADER <= archive.length) {
    const name = text(offset, 16).trim().replace(/\/$/, '');
    const size = Number(text(offset + 48, 10).trim());
    if (text(offset + 58, 2) !== '`\n' || !Number.isInteger(size)) throw new Error(`corrupt ar header at byte ${offset}`);
    const start = offset + AR_HEADER;
    members.set(name, archive.subarray(start, start + size));
    offset = start + size + (size % 2);
  }
  return members;
}

async function decompress(name: string, data: Uint8Array): Promise<Uint8Array> {
  if (name.endsWith('.xz')) return xz.decompress(data);
  if (name.endsWith('.gz')) return gunzipSync(data);
  if (name.endsWith('.tar')) return data;
  throw new Error(`${name}: compression not supported`);
}

/** The path an entry lands on, refusing any that would leave `root`. */
function inside(root: string, name: string): string {
  const target = path.resolve(root, name);
  if (target !== root && !target.startsWith(root + path.sep)) throw new Error(`the package holds a path outside its root: ${name}`);
  return target;
}

/** A tar entry's contents: drained with resume() when not kept. */
type EntryBody = AsyncIterable<unknown> & { resume(): unknown };

async function write(root: string, header: Header, body: EntryBody): Promise<void> {
  const target = inside(root, header.name);
  if (header.type === 'directory') {
    await fs.mkdir(target, { recursive: true });
    body.resume();
    return;
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  if (header.type === 'symlink' && header.linkname) {
    body.resume();
    await fs.rm(target, { force: true });
    await fs.symlink(header.linkname, target);
  } else if (header.type === 'file') {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    await fs.writeFile(target, Buffer.concat(chunks), { mode: (header.mode ?? 0o644) & 0o755 });
  } else {
    body.resume(); // device nodes, hard links: not used by the guest build
  }
}

/** `dpkg -x` in JavaScript: unpacks a .deb's data archive (xz or gzip tar) into `root`. */
export async function unpackDeb(debFile: string, root: string): Promise<void> {
  const members = arMembers(await fs.readFile(debFile));
  const name = [...members.keys()].find((n) => n.startsWith('data.tar'));
  if (!name) throw new Error(`${path.basename(debFile)} has no data.tar member`);
  const tar = await decompress(name, members.get(name)!);
  const resolvedRoot = path.resolve(root);
  await fs.mkdir(resolvedRoot, { recursive: true });
  const unpack = extract();
  unpack.end(tar);
  for await (const entry of unpack) await write(resolvedRoot, entry.header, entry);
}
