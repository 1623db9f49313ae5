import { describe, expect, it } from 'vitest';
import { aptSourceEntries } from '../../../../../src/backend/qemu/archive/archiveSettings';

describe('aptSourceEntries', () => {
  it('reads one-line sources, options and comments included', () => {
    const text =
      '# a comment\ndeb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm main\ndeb-src http://x/debian bookworm main\ndeb http://security.example/debian-security bookworm-security main # tail\n';
    expect(aptSourceEntries(text, false)).toEqual([
      { uri: 'http://mirror.example/debian', suites: ['bookworm'] },
      { uri: 'http://security.example/debian-security', suites: ['bookworm-security'] },
    ]);
  });

  it('reads deb822 stanzas, as Debian 12 writes them', () => {
    const text =
      'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\nTypes: deb-src\nURIs: http://src/debian\nSuites: bookworm\n\nTypes: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\n';
    expect(aptSourceEntries(text, true)).toEqual([
      { uri: 'http://deb.debian.org/debian', suites: ['bookworm', 'bookworm-updates'] },
      { uri: 'http://deb.debian.org/debian-security', suites: ['bookworm-security'] },
    ]);
  });
});
