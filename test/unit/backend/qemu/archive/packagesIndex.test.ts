import { describe, expect, it } from 'vitest';
import { compareDebVersions } from '../../../../../src/backend/qemu/archive/debVersion';
import { findPackages } from '../../../../../src/backend/qemu/archive/packagesIndex';

const index = `Package: busybox-static
Version: 1:1.35.0-4+b3
Filename: pool/main/b/busybox/busybox-static_1.35.0-4+b3_amd64.deb
Size: 100
SHA256: aa

Package: linux-image-cloud-amd64
Source: linux-signed-amd64 (6.1.158+1)
Version: 6.1.158-1
Depends: linux-image-6.1.0-40-cloud-amd64 (= 6.1.158-1)
Description: Linux for x86-64 cloud (meta-package)
 This package depends on the latest Linux kernel
 and modules for use on cloud platforms.
Filename: pool/main/l/linux-signed-amd64/linux-image-cloud-amd64_6.1.158-1_amd64.deb
Size: 1500
SHA256: bb

Package: busybox-static
Version: 1:1.35.0-4+deb12u1+b1
Filename: pool/main/b/busybox/busybox-static_1.35.0-4+deb12u1+b1_amd64.deb
Size: 200
SHA256: cc
`;

describe('findPackages', () => {
  it('keeps the newest version of each package asked for, with its file, size, hash and dependencies', () => {
    const found = findPackages(index, new Set(['busybox-static', 'linux-image-cloud-amd64', 'absent']), compareDebVersions);
    expect([...found.keys()].sort()).toEqual(['busybox-static', 'linux-image-cloud-amd64']);
    expect(found.get('busybox-static')).toMatchObject({ version: '1:1.35.0-4+deb12u1+b1', size: 200, sha256: 'cc' });
    expect(found.get('linux-image-cloud-amd64')).toMatchObject({
      depends: ['linux-image-6.1.0-40-cloud-amd64'],
      filename: 'pool/main/l/linux-signed-amd64/linux-image-cloud-amd64_6.1.158-1_amd64.deb',
    });
  });
});

describe('Depends', () => {
  it('keeps the first alternative of each, without version or architecture', () => {
    const stanza =
      'Package: criu\nVersion: 3.17\nFilename: pool/c.deb\nSize: 1\nSHA256: dd\nDepends: python3:any, libc6 (>= 2.34), libnl-3-200 | libnl-tiny\nPre-Depends: dpkg\n';
    expect(findPackages(stanza, new Set(['criu']), compareDebVersions).get('criu')?.depends).toEqual(['python3', 'libc6', 'libnl-3-200']);
  });
});
