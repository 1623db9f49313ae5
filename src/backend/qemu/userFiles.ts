import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ApiError } from '../../api/errors';
import { qemuTool } from './qemuLocations';

const run = promisify(execFile);

/** Where no boot file of a user's can be: kernel interfaces and devices, not files. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev'];

/** A raw disk is whole sectors, and smaller than this it holds no file system worth booting. */
const MIN_RAW_DISK_BYTES = 1024 * 1024;

export type UserFileField = 'kernel' | 'initrd' | 'disk';

/**
 * Checks a kernel, initrd or disk path a user gave `vm.create` and returns its real path
 * (symlinks resolved), for QEMU to open. The rule: an absolute path to a regular file,
 * outside /proc, /sys and /dev, that every user may read or that the user (not root)
 * owns, so a file kept private by design (/etc/shadow, a host key) is never handed to a
 * guest even when Strata runs as root; a disk must moreover be a qcow2 image whose
 * backing files pass the same rule, or a raw image of whole 512-byte sectors, at least
 * 1 MiB. Refusals are bad requests naming the field, the path and the reason.
 */
export async function checkUserFile(field: UserFileField, given: string): Promise<string> {
  const refuse = (why: string): never => {
    throw new ApiError('bad-request', `${field}: ${given} ${why}`);
  };
  if (!path.isAbsolute(given)) refuse('is not an absolute path');
  const real = await fs.realpath(given).catch(() => refuse('does not exist'));
  await checkPlainFile(real, refuse);
  if (field === 'disk') await checkDisk(real, refuse);
  return real;
}

async function checkPlainFile(real: string, refuse: (why: string) => never): Promise<void> {
  const tree = SYSTEM_TREES.find((t) => real === t || real.startsWith(`${t}/`));
  if (tree) refuse(`is under ${tree}, which holds no boot files`);
  const stat = await fs.stat(real);
  if (!stat.isFile()) refuse(`is not a regular file (${stat.isDirectory() ? 'a directory' : 'a device, socket or pipe'})`);
  const uid = process.getuid?.();
  const everyoneReads = (stat.mode & 0o004) !== 0;
  const ownedByUser = uid !== undefined && uid !== 0 && stat.uid === uid;
  if (!everyoneReads && !ownedByUser) refuse('is private to its owner (only files every user may read, or your own files, are used)');
  await fs.access(real, constants.R_OK).catch(() => refuse('is not readable'));
}

interface ImageInfo {
  format: string;
  'full-backing-filename'?: string;
  'format-specific'?: { data?: { 'data-file'?: string } };
}

/** Backing chains longer than this are refused (a loop, or not a disk a student made). */
const MAX_CHAIN = 16;

/** Walks the backing chain, checking each backing file before qemu-img opens it. */
async function checkDisk(real: string, refuse: (why: string) => never): Promise<void> {
  let file = real;
  for (let depth = 0; ; depth++) {
    const name = depth === 0 ? 'it' : `its backing file ${file}`;
    const info = await imageInfo(file).catch((err: Error) =>
      refuse(`is not a disk image qemu-img can read (${name}): ${err.message.trim().split('\n').at(-1)}`),
    );
    const dataFile = info['format-specific']?.data?.['data-file'];
    if (dataFile) refuse(`has an external data file (${dataFile}), which is not accepted`);
    if (info.format === 'raw') {
      const { size } = await fs.stat(file);
      if (size < MIN_RAW_DISK_BYTES || size % 512 !== 0)
        refuse(`is not a disk image: ${name} is neither qcow2 nor a raw disk of whole 512-byte sectors, at least 1 MiB (${size} bytes)`);
    } else if (info.format !== 'qcow2') {
      refuse(`is a ${info.format} image: ${name} must be qcow2 or raw`);
    }
    const backing = info['full-backing-filename'];
    if (!backing) return;
    if (depth >= MAX_CHAIN) refuse(`has a backing chain longer than ${MAX_CHAIN} files`);
    const why = (reason: string): never => refuse(`has a backing file ${backing} that ${reason}`);
    if (!path.isAbsolute(backing)) why('is not a plain file path');
    file = await fs.realpath(backing).catch(() => why('does not exist'));
    await checkPlainFile(file, why);
  }
}

/** What `qemu-img info` says of one image (its backing files are not opened). */
export async function imageInfo(file: string): Promise<ImageInfo> {
  const { stdout } = await run(qemuTool('qemu-img'), ['info', '--output=json', file]);
  return JSON.parse(stdout) as ImageInfo;
}
