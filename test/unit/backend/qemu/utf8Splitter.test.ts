import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Splitter } from '../../../../src/backend/qemu/utf8Splitter';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('Utf8Splitter', () => {
  it('holds back a character cut between two chunks and completes it with the next', () => {
    const euro = bytes('€'); // e2 82 ac
    const s = new Utf8Splitter();
    expect([...s.push(new Uint8Array([0x61, euro[0]!, euro[1]!]))]).toEqual([0x61]);
    expect(new TextDecoder().decode(s.push(new Uint8Array([euro[2]!, 0x62])))).toBe('€b');
  });

  it('passes ASCII and complete 4-byte characters straight through', () => {
    const s = new Utf8Splitter();
    expect(new TextDecoder().decode(s.push(bytes('ok 🐧')))).toBe('ok 🐧');
    expect(s.flush().byteLength).toBe(0);
  });

  it('never emits a chunk that ends inside a character, however the stream is cut', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
        const data = bytes(text);
        const points = [...new Set(cuts.map((c) => c % (data.byteLength + 1)))].sort((a, b) => a - b);
        const s = new Utf8Splitter();
        const out: string[] = [];
        let prev = 0;
        for (const p of [...points, data.byteLength]) {
          const chunk = s.push(data.subarray(prev, p));
          out.push(new TextDecoder('utf-8', { fatal: true }).decode(chunk));
          prev = p;
        }
        expect(s.flush().byteLength).toBe(0);
        expect(out.join('')).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('does not hold invalid bytes forever', () => {
    const s = new Utf8Splitter();
    expect(s.push(new Uint8Array([0xff, 0x41])).byteLength).toBe(2);
  });
});
