import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readCleartextMessage, readKeys, verify, type Key } from 'openpgp';

/** One file an archive's Release lists: what its SHA-256 and size must be. */
export interface IndexedFile {
  sha256: string;
  size: number;
}

export class SignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureError';
  }
}

/** Every armored key in `keyDir`: Debian's published archive keys ship in assets/debian-keys (from debian-archive-keyring). */
export async function loadArchiveKeys(keyDir: string): Promise<Key[]> {
  const keys: Key[] = [];
  for (const name of (await readdir(keyDir)).filter((n) => n.endsWith('.asc')).sort()) {
    keys.push(...(await readKeys({ armoredKeys: await readFile(path.join(keyDir, name), 'utf8') })));
  }
  if (keys.length === 0) throw new Error(`no archive keys (*.asc) in ${keyDir}`);
  return keys;
}

/**
 * Checks an InRelease file (a clear-signed Release) against the archive keys and returns
 * its SHA256 table. A Release signed by no trusted key, or with a bad signature, is
 * refused: everything else the build trusts follows from these hashes.
 */
export async function verifyInRelease(text: string, keys: Key[], where: string): Promise<Map<string, IndexedFile>> {
  let message;
  try {
    message = await readCleartextMessage({ cleartextMessage: text });
  } catch (err) {
    throw new SignatureError(`${where} is not a signed Release file: ${(err as Error).message}`);
  }
  const { signatures } = await verify({ message, verificationKeys: keys, expectSigned: false });
  const outcomes = await Promise.all(
    signatures.map((s) =>
      s.verified.then(
        () => true,
        () => false,
      ),
    ),
  );
  if (!outcomes.some(Boolean)) throw new SignatureError(`${where} is not signed by a Debian archive key Strata trusts (assets/debian-keys)`);
  return parseSha256Table(message.getText());
}

export function parseSha256Table(release: string): Map<string, IndexedFile> {
  const table = new Map<string, IndexedFile>();
  let inTable = false;
  for (const line of release.split('\n')) {
    if (/^\S/.test(line)) inTable = line.startsWith('SHA256:');
    else if (inTable) {
      const [sha256, size, name] = line.trim().split(/\s+/);
      if (sha256 && size && name) table.set(name, { sha256, size: Number(size) });
    }
  }
  return table;
}
