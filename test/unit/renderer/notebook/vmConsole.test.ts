import { describe, expect, it } from 'vitest';
import { consoleText, transcriptTail, vmIdForCell } from '../../../../src/renderer/features/notebook/vm/vmConsole';

describe('vm console helpers', () => {
  it('strips colours, cursor moves and carriage returns', () => {
    expect(consoleText('\x1b[1;32m~ #\x1b[0m ls\r\n\x1b]0;title\x07bin\r\n')).toBe('~ # ls\nbin\n');
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
