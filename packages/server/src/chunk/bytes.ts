// Little-endian binary writing and reading shared by every on-disk format (block, chunk, WAL, index).
// Varints are unsigned LEB128 up to 2^53 (numbers stay exact); the fast path covers values below 2^31.

const TWO_31 = 0x80000000;

/** A growable output buffer. `buf` may be replaced when it grows: read it only after writing. */
export class ByteWriter {
  buf: Buffer;
  pos = 0;
  // Buffer.writeBigInt64LE is several times slower than DataView's native setter.
  #view: DataView;

  /** `reuse`: a spare buffer to write into when it is big enough (see BufferPool). */
  constructor(capacity = 4096, reuse?: Buffer) {
    this.buf = reuse && reuse.length >= capacity ? reuse : Buffer.allocUnsafe(Math.max(16, capacity));
    this.#view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  ensure(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.#view = new DataView(next.buffer, next.byteOffset, next.length);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v, this.pos);
    this.pos += 4;
  }

  /** An exact integer number up to 2^53, as a float64 (offsets, sequence numbers, sizes). */
  f64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  i64(v: bigint): void {
    this.ensure(8);
    this.#view.setBigInt64(this.pos, v, true);
    this.pos += 8;
  }

  varint(v: number): void {
    this.ensure(8);
    const b = this.buf;
    if (v < TWO_31) {
      while (v >= 0x80) {
        b[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      b[this.pos++] = v;
      return;
    }
    while (v >= 0x80) {
      b[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    b[this.pos++] = v;
  }

  /** A varint byte length followed by the UTF-8 bytes of s; returns where the bytes start (they end at pos). */
  str(s: string): number {
    // Reserve the worst case (3 bytes per UTF-16 unit) so the length is known after one encode.
    this.ensure(s.length * 3 + 5);
    const lenPos = this.pos;
    let n = 1; // varint width that fits 3*len (non-minimal LEB128 is still valid)
    for (let max = s.length * 3; max >= 0x80; max = Math.floor(max / 128)) n++;
    const written = this.buf.write(s, lenPos + n, 'utf8');
    let v = written;
    for (let i = 0; i < n - 1; i++) {
      this.buf[lenPos + i] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[lenPos + n - 1] = v;
    this.pos = lenPos + n + written;
    return lenPos + n;
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }
}

/**
 * A few large scratch buffers handed back after use: per-push WAL records would otherwise allocate
 * hundreds of KB each, and external allocations that size make V8 collect garbage far more often.
 */
export class BufferPool {
  #free: Buffer[] = [];
  #max: number;

  constructor(max = 8) {
    this.#max = max;
  }

  /** A buffer of at least `size` bytes if one is free (remove it from the pool), else undefined. */
  take(size: number): Buffer | undefined {
    const i = this.#free.findIndex((b) => b.length >= size);
    return i < 0 ? undefined : this.#free.splice(i, 1)[0];
  }

  give(buf: Buffer): void {
    if (this.#free.length < this.#max && buf.length <= 16 * 1024 * 1024) this.#free.push(buf);
  }
}

export class FormatError extends Error {
  override name = 'FormatError';
}

export class ByteReader {
  pos: number;
  readonly end: number;
  readonly buf: Buffer;
  #view: DataView;

  constructor(buf: Buffer, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  }

  #need(n: number): void {
    if (this.pos + n > this.end) throw new FormatError(`truncated data: need ${n} bytes at ${this.pos}, end ${this.end}`);
  }

  u8(): number {
    this.#need(1);
    return this.buf[this.pos++]!;
  }

  u32(): number {
    this.#need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.#need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  i64(): bigint {
    this.#need(8);
    const v = this.#view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  varint(): number {
    const b = this.buf;
    let v = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= this.end) throw new FormatError(`truncated varint at ${this.pos}`);
      const byte = b[this.pos++]!;
      v += (byte & 0x7f) * mul;
      if (byte < 0x80) return v;
      mul *= 128;
      if (mul > 2 ** 56) throw new FormatError(`varint too long at ${this.pos}`);
    }
  }

  str(): string {
    const n = this.varint();
    this.#need(n);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  skip(n: number): void {
    this.#need(n);
    this.pos += n;
  }
}
