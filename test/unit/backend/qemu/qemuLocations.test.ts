import { describe, expect, it } from 'vitest';
import { installCommand } from '../../../../src/backend/qemu/hostTools';
import { findTool } from '../../../../src/backend/qemu/qemuLocations';

const only =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file);

describe('finding QEMU where installers put it', () => {
  it('prefers the PATH', () => {
    expect(findTool('qemu-img', { platform: 'darwin', env: { PATH: '/usr/bin:/opt/x' }, exists: only('/opt/x/qemu-img', '/opt/homebrew/bin/qemu-img') })).toBe(
      '/opt/x/qemu-img',
    );
  });

  it("finds Homebrew's and MacPorts' QEMU on macOS though a Finder-started app has neither on its PATH", () => {
    expect(findTool('qemu-system-x86_64', { platform: 'darwin', env: { PATH: '/usr/bin:/bin' }, exists: only('/opt/homebrew/bin/qemu-system-x86_64') })).toBe(
      '/opt/homebrew/bin/qemu-system-x86_64',
    );
    expect(findTool('qemu-system-x86_64', { platform: 'darwin', env: { PATH: '/usr/bin' }, exists: only('/opt/local/bin/qemu-system-x86_64') })).toBe(
      '/opt/local/bin/qemu-system-x86_64',
    );
  });

  it("finds the Windows installer's QEMU under Program Files, with its .exe", () => {
    const env = { Path: 'C:\\Windows\\system32', ProgramFiles: 'D:\\Apps' };
    expect(findTool('qemu-img', { platform: 'win32', env, exists: only('D:\\Apps\\qemu\\qemu-img.exe') })).toBe('D:\\Apps\\qemu\\qemu-img.exe');
  });

  it('looks only at the PATH on Linux, and only at the PATH when asked', () => {
    expect(findTool('qemu-img', { platform: 'linux', env: { PATH: '/nowhere' }, exists: only('/usr/bin/qemu-img') })).toBeNull();
    expect(findTool('qemu-img', { platform: 'darwin', env: { PATH: '/nowhere' }, exists: only('/opt/homebrew/bin/qemu-img'), pathOnly: true })).toBeNull();
  });

  it("names each OS's own installer", () => {
    expect(installCommand('darwin')).toContain('brew install qemu');
    expect(installCommand('win32')).toContain('winget install');
    expect(installCommand('linux')).toContain('apt-get install');
    expect(installCommand('linux')).toContain('dnf install');
  });
});
