import { describe, expect, it } from 'vitest';
import { consoleText, markedCommand, markedOutput, transcriptTail, vmIdForCell } from '../../../../src/renderer/features/notebook/vm/vmConsole';

describe('vm console helpers', () => {
  it('strips colours, cursor moves and carriage returns', () => {
    expect(consoleText('\x1b[1;32m~ #\x1b[0m ls\r\n\x1b]0;title\x07bin\r\n')).toBe('~ # ls\nbin\n');
  });

  it('captures a marked command’s output and exit status without the echoed command line', () => {
    const { line, marker } = markedCommand('uname -a', 7);
    expect(line).toBe('uname -a; echo __strata_$((7+1))__ $?\r');
    const echoed = `~ # uname -a; echo __strata_$((7+1))__ $?\nLinux strata 6.1.0 x86_64\n`;
    expect(markedOutput(echoed, marker)).toBeNull();
    expect(markedOutput(`${echoed}${marker}`, marker)).toBeNull();
    expect(markedOutput(`${echoed}${marker} 0\n~ # `, marker)).toEqual({ stdout: 'Linux strata 6.1.0 x86_64\n', exitCode: 0 });
    expect(markedOutput(`~ # false; echo __strata_$((7+1))__ $?\n${marker} 1\n`, marker)).toEqual({ stdout: '', exitCode: 1 });
  });

  it('keeps the tail of a long transcript from a line start', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const tail = transcriptTail(text, 50);
    expect(tail.length).toBeLessThanOrEqual(50);
    expect(tail.startsWith('line ')).toBe(true);
    expect(text.endsWith(tail)).toBe(true);
  });

  it('derives valid, stable VM ids from lesson and cell ids', () => {
    expect(vmIdForCell('00-using-strata', 'first-vm')).toBe('l00-first-vm');
    expect(vmIdForCell('10-live-migration', 'Src_VM')).toBe('l10-src-vm');
    expect(vmIdForCell('11-nested', 'a'.repeat(60))).toMatch(/^[a-z][a-z0-9-]{0,30}$/);
  });
});
