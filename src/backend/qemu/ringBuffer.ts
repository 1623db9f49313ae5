/**
 * Keeps the last `capacity` bytes of a console, so a terminal that (re)connects is shown
 * the screen as it was, boot log included.
 */
export class ByteRing {
  private readonly buf: Uint8Array;
  private start = 0;
  private length = 0;
  /** Total bytes ever written: lets a reader tell how much it missed. */
  written = 0;

  constructor(readonly capacity: number) {
    if (capacity <= 0) throw new Error('a ring buffer needs a positive capacity');
    this.buf = new Uint8Array(capacity);
  }

  write(data: Uint8Array): void {
    this.written += data.byteLength;
    let bytes = data;
    if (bytes.byteLength >= this.capacity) {
      bytes = bytes.subarray(bytes.byteLength - this.capacity);
      this.buf.set(bytes, 0);
      this.start = 0;
      this.length = this.capacity;
      return;
    }
    const end = (this.start + this.length) % this.capacity;
    const first = Math.min(bytes.byteLength, this.capacity - end);
    this.buf.set(bytes.subarray(0, first), end);
    this.buf.set(bytes.subarray(first), 0);
    const overflow = Math.max(0, this.length + bytes.byteLength - this.capacity);
    this.length = Math.min(this.capacity, this.length + bytes.byteLength);
    this.start = (this.start + overflow) % this.capacity;
  }

  /** Forgets what is kept (a rewound console starts again from its saved screen). */
  clear(): void {
    this.start = 0;
    this.length = 0;
  }

  /** A copy of what is kept, oldest byte first. */
  contents(): Uint8Array {
    const out = new Uint8Array(this.length);
    const first = Math.min(this.length, this.capacity - this.start);
    out.set(this.buf.subarray(this.start, this.start + first), 0);
    out.set(this.buf.subarray(0, this.length - first), first);
    return out;
  }
}
