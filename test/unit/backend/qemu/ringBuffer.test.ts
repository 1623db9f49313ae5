import { describe, expect, it } from 'vitest';
import { ByteRing } from '../../../../src/backend/qemu/ringBuffer';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('ByteRing', () => {
  it('keeps everything until it is full', () => {
    const r = new ByteRing(8);
    r.write(bytes('abc'));
    r.write(bytes('de'));
    expect(text(r.contents())).toBe('abcde');
  });

  it('keeps the last bytes, oldest first, once it wraps', () => {
    const r = new ByteRing(8);
    r.write(bytes('abcdef'));
    r.write(bytes('ghij'));
    expect(text(r.contents())).toBe('cdefghij');
    r.write(bytes('k'));
    expect(text(r.contents())).toBe('defghijk');
    expect(r.written).toBe(11);
  });

  it('keeps the tail of a write larger than itself', () => {
    const r = new ByteRing(4);
    r.write(bytes('x'));
    r.write(bytes('0123456789'));
    expect(text(r.contents())).toBe('6789');
  });

  it('matches a plain concatenation for any sequence of writes', () => {
    const r = new ByteRing(10);
    let all = '';
    for (let i = 0; i < 200; i++) {
      const s = 'x'.repeat(i % 7) + String(i);
      r.write(bytes(s));
      all += s;
      expect(text(r.contents())).toBe(all.slice(-10));
    }
  });
});
