import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { xz } from '@napi-rs/lzma';
import { createCleartextMessage, generateKey, readPrivateKey, sign } from 'openpgp';
import { pack } from 'tar-stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DebianArchive } from '../../../src/backend/qemu/archive/debianArchive';
import { unpackDeb } from '../../../src/backend/qemu/archive/debPackage';
import { SignatureError } from '../../../src/backend/qemu/archive/signedRelease';

const debianKeys = path.resolve(import.meta.dirname, '../../../assets/debian-keys');
const KERNEL = 'linux-image-6.1.0-1-cloud-amd64';

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const tar = pack();
  for (const [name, text] of Object.entries(files)) tar.entry({ name, mode: 0o755 }, text);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A .deb as dpkg-deb writes it: an ar archive of debian-binary, control and data tarballs. */
async function debOf(files: Record<string, string>): Promise<Buffer> {
  const members: Array<[string, Uint8Array]> = [
    ['debian-binary', Buffer.from('2.0\n')],
    ['control.tar.xz', await xz.compress(await tarOf({ './control': 'Package: x\n' }))],
    ['data.tar.xz', await xz.compress(await tarOf(files))],
  ];
  const parts: Uint8Array[] = [Buffer.from('!<arch>\n')];
  for (const [name, data] of members) {
    const header = `${name.padEnd(16)}${'0'.padEnd(12)}${'0'.padEnd(6)}${'0'.padEnd(6)}${'100644'.padEnd(8)}${String(data.length).padEnd(10)}\`\n`;
    parts.push(Buffer.from(header, 'latin1'), data);
    if (data.length % 2) parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

function stanza(name: string, version: string, file: string, data: Uint8Array, depends?: string): string {
  return [
    `Package: ${name}`,
    `Version: ${version}`,
    ...(depends ? [`Depends: ${depends}`] : []),
    `Filename: ${file}`,
    `Size: ${data.length}`,
    `SHA256: ${sha256(data)}`,
  ].join('\n');
}

/** A signed bookworm archive on 127.0.0.1, whose answers a test can spoil once per path. */
class FixtureArchive {
  readonly files = new Map<string, Buffer>();
  readonly requests: Array<{ path: string; range?: string }> = [];
  /** Paths whose next answer is wrong bytes of the right length. */
  readonly corruptOnce = new Set<string>();
  /** Paths whose next answer stops after half its bytes. */
  readonly cutOnce = new Set<string>();
  private server!: Server;
  url = '';

  async start(signingKey: string, tamper = false): Promise<void> {
    const kernelDeb = await debOf({
      [`./boot/vmlinuz-6.1.0-1-cloud-amd64`]: 'kernel image',
      [`./lib/modules/6.1.0-1-cloud-amd64/kernel/drivers/net/virtio_net.ko`]: 'module',
    });
    const busyboxDeb = await debOf({ './bin/busybox': 'busybox binary' });
    const metaDeb = await debOf({});
    const packages =
      [
        stanza('linux-image-cloud-amd64', '6.1.1-1', 'pool/main/l/meta.deb', metaDeb, `${KERNEL} (= 6.1.1-1)`),
        stanza(KERNEL, '6.1.1-1', `pool/main/l/${KERNEL}_6.1.1-1_amd64.deb`, kernelDeb),
        stanza('busybox-static', '1:1.35.0-4', 'pool/main/b/busybox-static_1.35.0-4_amd64.deb', busyboxDeb),
      ].join('\n\n') + '\n';
    const packagesXz = await xz.compress(packages);
    const release = `Origin: Debian\nCodename: bookworm\nSHA256:\n ${sha256(packagesXz)} ${packagesXz.length} main/binary-amd64/Packages.xz\n`;
    let signed = await sign({ message: await createCleartextMessage({ text: release }), signingKeys: await readPrivateKey({ armoredKey: signingKey }) });
    if (tamper) signed = signed.replace(sha256(packagesXz), sha256(Buffer.from('other')));
    this.files.set('/dists/bookworm/InRelease', Buffer.from(signed));
    this.files.set('/dists/bookworm/main/binary-amd64/Packages.xz', packagesXz);
    this.files.set(`/pool/main/l/${KERNEL}_6.1.1-1_amd64.deb`, kernelDeb);
    this.files.set('/pool/main/b/busybox-static_1.35.0-4_amd64.deb', busyboxDeb);
    this.server = createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const p = req.url ?? '/';
    this.requests.push({ path: p, range: req.headers.range });
    const body = this.files.get(p);
    if (!body) return void res.writeHead(404).end();
    const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    let data = body.subarray(from);
    if (this.corruptOnce.delete(p)) data = Buffer.alloc(data.length, 0x55);
    res.writeHead(from > 0 ? 206 : 200, { 'Content-Length': String(data.length) });
    if (this.cutOnce.delete(p)) {
      res.write(data.subarray(0, Math.floor(data.length / 2)), () => res.destroy());
      return;
    }
    res.end(data);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('the Debian archive without apt (fixture archive on 127.0.0.1)', () => {
  let keyDir: string;
  let privateKey: string;
  let scratch: string;
  let fixture: FixtureArchive;

  beforeAll(async () => {
    const key = await generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Fixture archive' }], format: 'armored' });
    privateKey = key.privateKey;
    keyDir = await mkdtemp(path.join(os.tmpdir(), 'strata-archive-keys-'));
    await writeFile(path.join(keyDir, 'fixture.asc'), key.publicKey);
  });
  afterAll(() => rm(keyDir, { recursive: true, force: true }));

  async function open(options: { tamper?: boolean; keys?: string } = {}): Promise<DebianArchive> {
    fixture = new FixtureArchive();
    await fixture.start(privateKey, options.tamper);
    scratch = await mkdtemp(path.join(os.tmpdir(), 'strata-archive-'));
    return new DebianArchive({ mirror: fixture.url, securityMirror: `${fixture.url}/security` }, options.keys ?? keyDir, path.join(scratch, 'cache'));
  }
  afterEach(async () => {
    await fixture.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('resolves the kernel behind the metapackage, downloads with byte progress and unpacks like dpkg -x', async () => {
    const archive = await open();
    const packages = await archive.resolve(['linux-image-cloud-amd64', 'busybox-static'], () => {});
    const kernel = packages.get('linux-image-cloud-amd64')!;
    expect(kernel.name).toBe(KERNEL);
    let last = { received: 0, total: 0 };
    const deb = await archive.download(kernel, (p) => (last = p));
    expect(last).toEqual({ url: kernel.url, received: kernel.size, total: kernel.size });
    await unpackDeb(deb, path.join(scratch, 'root'));
    expect(readFileSync(path.join(scratch, 'root/boot/vmlinuz-6.1.0-1-cloud-amd64'), 'utf8')).toBe('kernel image');
    expect(existsSync(path.join(scratch, 'root/lib/modules/6.1.0-1-cloud-amd64/kernel/drivers/net/virtio_net.ko'))).toBe(true);
  });

  it('refuses a Release that no trusted key signed', async () => {
    const archive = await open({ keys: debianKeys });
    await expect(archive.resolve(['busybox-static'], () => {})).rejects.toThrow(SignatureError);
  });

  it('refuses a Release changed after it was signed', async () => {
    const archive = await open({ tamper: true });
    await expect(archive.resolve(['busybox-static'], () => {})).rejects.toThrow(/not signed by a Debian archive key/);
  });

  it('detects a corrupted download by its SHA-256 and fetches it again', async () => {
    const archive = await open();
    const busybox = (await archive.resolve(['busybox-static'], () => {})).get('busybox-static')!;
    fixture.corruptOnce.add(new URL(busybox.url).pathname);
    const deb = await archive.download(busybox, () => {});
    expect(sha256(await readFile(deb))).toBe(busybox.sha256);
    expect(fixture.requests.filter((r) => r.path === new URL(busybox.url).pathname)).toHaveLength(2);
  });

  it('goes on after a connection drops midway, and the file is whole', async () => {
    const archive = await open();
    const kernel = (await archive.resolve(['linux-image-cloud-amd64'], () => {})).get('linux-image-cloud-amd64')!;
    const file = new URL(kernel.url).pathname;
    fixture.cutOnce.add(file);
    const deb = await archive.download(kernel, () => {});
    expect(sha256(await readFile(deb))).toBe(kernel.sha256);
    expect(fixture.requests.filter((r) => r.path === file)).toHaveLength(2);
  });

  it('resumes an interrupted download from the bytes it already has', async () => {
    const archive = await open();
    const kernel = (await archive.resolve(['linux-image-cloud-amd64'], () => {})).get('linux-image-cloud-amd64')!;
    const file = new URL(kernel.url).pathname;
    const half = Math.floor(kernel.size / 2);
    // What a download cut by a closed laptop leaves: the first half in the .part file.
    await mkdir(path.join(scratch, 'cache'), { recursive: true });
    await writeFile(path.join(scratch, 'cache', `${path.basename(kernel.filename)}.part`), fixture.files.get(file)!.subarray(0, half));
    const deb = await archive.download(kernel, () => {});
    expect(sha256(await readFile(deb))).toBe(kernel.sha256);
    expect(fixture.requests.filter((r) => r.path === file)).toEqual([{ path: file, range: `bytes=${half}-` }]);
  });
});
