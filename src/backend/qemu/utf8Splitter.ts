/**
 * Splits a byte stream into chunks that never end inside a multi-byte UTF-8 character
 * (as Tabby does before handing output to xterm.js): an incomplete tail is held back
 * and prefixed to the next chunk. Invalid bytes pass through, so binary output is never
 * held forever.
 */
export class Utf8Splitter {
  private tail = new Uint8Array(0);

  /** Returns the longest prefix of (held tail + chunk) that ends on a character boundary. */
  push(chunk: Uint8Array): Uint8Array {
    const data = this.tail.byteLength ? concat(this.tail, chunk) : chunk;
    const cut = completeLength(data);
    this.tail = data.slice(cut);
    return data.subarray(0, cut);
  }

  /** Whatever is held back (at end of stream). */
  flush(): Uint8Array {
    const rest = this.tail;
    this.tail = new Uint8Array(0);
    return rest;
  }
}

/** Length of `data` up to the start of a trailing, still incomplete UTF-8 sequence. */
export function completeLength(data: Uint8Array): number {
  // A sequence is at most 4 bytes: look back at most 3 bytes for its lead byte.
  for (let back = 1; back <= Math.min(3, data.byteLength); back++) {
    const byte = data[data.byteLength - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = byte >= 0xf0 && byte < 0xf8 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? data.byteLength - back : data.byteLength;
  }
  return data.byteLength;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
