// Byte ranges of objects kept in one SharedArrayBuffer that every thread of the process opens (the main thread
// and each scan worker), so a range read by any thread is a hit for all of them while the total fits; the
// buffer is the configured size, whatever the number of threads.
//
// Layout: a header of Int32 words, a table of buckets (hash of the object key -> its first entry, chained),
// then a ring of entries. Entries are appended at the ring's head and the oldest are evicted at its tail (first
// in, first out: a scan larger than the cache misses as it would under LRU, and a hit costs no write). One lock
// (Atomics) covers every operation, copies included: a hit copies the bytes out, since the slot may be reused
// once the lock is released. A put or delete bumps an epoch, so bytes fetched before it are not inserted after it.

const LOCK = 0;
const EPOCH = 1;
const HEAD = 2;
const TAIL = 3;
const COUNT = 4;
const BUCKET_COUNT = 5;
const HEADER_BYTES = 32;

// An entry: Int32 words SIZE (bytes, a multiple of 8; 0 marks "the ring goes on at 0"), NEXT (the bucket
// chain: ring offset + 1, 0 ends it), HASH, KEY_LEN, VALUE_LEN, LIVE; then the range's offset and length as
// float64 (-1 for a whole object), the key's UTF-8 bytes and the value.
const SIZE = 0;
const NEXT = 1;
const HASH = 2;
const KEY_LEN = 3;
const VALUE_LEN = 4;
const LIVE = 5;
const RANGE_OFFSET = 3; // float64 words
const RANGE_LENGTH = 4;
const ENTRY_HEADER = 40;

/** Below this a cache would hold too little to be worth its lock. */
export const MIN_CACHE_BYTES = 1 << 20;

const align8 = (n: number): number => (n + 7) & ~7;

/** FNV-1a of the key's bytes. */
function hashOf(bytes: Buffer): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return h | 0;
}

export class SharedRangeCache {
  readonly #i32: Int32Array;
  readonly #f64: Float64Array;
  readonly #u8: Buffer;
  readonly #buckets: number;
  /** Byte offset of the ring in the buffer. */
  readonly #ring: number;
  readonly #capacity: number;

  /** The memory of a new cache of `sizeBytes` in all (at least MIN_CACHE_BYTES), to hand to every thread. */
  static memory(sizeBytes: number): SharedArrayBuffer {
    const memory = new SharedArrayBuffer(Math.floor(sizeBytes / 8) * 8);
    // about one bucket per 64 KiB of ring: chains stay short, since an object's ranges share its bucket
    let buckets = 64;
    while (buckets * 65536 < sizeBytes) buckets *= 2;
    new Int32Array(memory)[BUCKET_COUNT] = buckets;
    return memory;
  }

  constructor(memory: SharedArrayBuffer) {
    this.#i32 = new Int32Array(memory);
    this.#f64 = new Float64Array(memory);
    this.#u8 = Buffer.from(memory);
    this.#buckets = this.#i32[BUCKET_COUNT]!;
    this.#ring = align8(HEADER_BYTES + 4 * this.#buckets);
    this.#capacity = memory.byteLength - this.#ring;
  }

  /** Puts and deletes so far (`forget`): a reader notes it before fetching and hands it to `insert`. */
  get epoch(): number {
    return Atomics.load(this.#i32, EPOCH);
  }

  /**
   * A copy of the bytes of `key`'s range (offset and length -1: the whole object), if a cached range holds them:
   * the same range, or one around it (a chunk read whole, then its header or some blocks).
   */
  get(key: string, offset: number, length: number): Buffer | undefined {
    const keyBytes = Buffer.from(key);
    return this.#locked(() => {
      const found = this.#covering(keyBytes, hashOf(keyBytes), offset, length);
      if (!found) return undefined;
      const from = this.#ring + found.at + ENTRY_HEADER + keyBytes.length + found.skip;
      const out = Buffer.allocUnsafe(found.take);
      this.#u8.copy(out, 0, from, from + found.take);
      return out;
    });
  }

  /**
   * Keeps `value` as `key`'s range, evicting the oldest entries to make room, unless a delete happened since
   * `epoch` (the bytes may be of an object deleted meanwhile) or the entry would take over a quarter of the cache.
   */
  insert(key: string, offset: number, length: number, value: Buffer, epoch: number): void {
    const keyBytes = Buffer.from(key);
    const size = align8(ENTRY_HEADER + keyBytes.length + value.length);
    if (size > this.#capacity / 4) return;
    const hash = hashOf(keyBytes);
    this.#locked(() => {
      if (this.#i32[EPOCH] !== epoch || this.#covering(keyBytes, hash, offset, length)) return;
      const at = this.#allocate(size);
      const w = (this.#ring + at) >> 2;
      const bucket = HEADER_BYTES / 4 + (hash & (this.#buckets - 1));
      this.#i32[w + SIZE] = size;
      this.#i32[w + NEXT] = this.#i32[bucket]!;
      this.#i32[w + HASH] = hash;
      this.#i32[w + KEY_LEN] = keyBytes.length;
      this.#i32[w + VALUE_LEN] = value.length;
      this.#i32[w + LIVE] = 1;
      this.#f64[((this.#ring + at) >> 3) + RANGE_OFFSET] = offset;
      this.#f64[((this.#ring + at) >> 3) + RANGE_LENGTH] = length;
      keyBytes.copy(this.#u8, this.#ring + at + ENTRY_HEADER);
      value.copy(this.#u8, this.#ring + at + ENTRY_HEADER + keyBytes.length);
      this.#i32[bucket] = at + 1;
      this.#i32[HEAD] = at + size;
      this.#i32[COUNT] = this.#i32[COUNT]! + 1;
    });
  }

  /** Drops every range of `key` in all threads, and keeps reads begun before from inserting it again. */
  forget(key: string): void {
    const keyBytes = Buffer.from(key);
    const hash = hashOf(keyBytes);
    this.#locked(() => {
      this.#i32[EPOCH] = this.#i32[EPOCH]! + 1;
      for (let at = this.#first(hash); at >= 0;) {
        const next = this.#word(at, NEXT) - 1;
        if (this.#word(at, HASH) === hash && this.#keyIs(at, keyBytes)) this.#unlink(at);
        at = next;
      }
    });
  }

  #locked<T>(f: () => T): T {
    // Atomics.wait returns at once if the lock was freed between the exchange and the wait: no lost wake-up.
    while (Atomics.compareExchange(this.#i32, LOCK, 0, 1) !== 0) Atomics.wait(this.#i32, LOCK, 1);
    try {
      return f();
    } finally {
      Atomics.store(this.#i32, LOCK, 0);
      Atomics.notify(this.#i32, LOCK, 1);
    }
  }

  #word(at: number, field: number): number {
    return this.#i32[((this.#ring + at) >> 2) + field]!;
  }

  #first(hash: number): number {
    return this.#i32[HEADER_BYTES / 4 + (hash & (this.#buckets - 1))]! - 1;
  }

  #keyIs(at: number, keyBytes: Buffer): boolean {
    const from = this.#ring + at + ENTRY_HEADER;
    return this.#word(at, KEY_LEN) === keyBytes.length && keyBytes.compare(this.#u8, from, from + keyBytes.length) === 0;
  }

  /**
   * The entry holding the range (whole object: offset -1) and where in its bytes: `skip` bytes in, `take` long.
   * An entry holds what was asked of it clipped at the object's end, so a range past its bytes is held only when
   * those bytes reach the end (a whole object, or a range cut short).
   */
  #covering(keyBytes: Buffer, hash: number, offset: number, length: number): { at: number; skip: number; take: number } | undefined {
    for (let at = this.#first(hash); at >= 0; at = this.#word(at, NEXT) - 1) {
      if (this.#word(at, HASH) !== hash || !this.#keyIs(at, keyBytes)) continue;
      const f = (this.#ring + at) >> 3;
      const held = this.#word(at, VALUE_LEN);
      const start = Math.max(0, this.#f64[f + RANGE_OFFSET]!);
      const toEnd = this.#f64[f + RANGE_OFFSET]! < 0 || held < this.#f64[f + RANGE_LENGTH]!;
      if (offset < 0) {
        if (start === 0 && toEnd) return { at, skip: 0, take: held };
        continue;
      }
      const skip = offset - start;
      if (skip < 0 || skip > held || (skip + length > held && !toEnd)) continue;
      return { at, skip, take: Math.max(0, Math.min(length, held - skip)) };
    }
    return undefined;
  }

  /** Takes `at` out of its bucket's chain; its bytes stay in the ring until evicted. */
  #unlink(at: number): void {
    const bucket = HEADER_BYTES / 4 + (this.#word(at, HASH) & (this.#buckets - 1));
    const next = this.#word(at, NEXT);
    if (this.#i32[bucket] === at + 1) {
      this.#i32[bucket] = next;
    } else {
      let prev = this.#i32[bucket]! - 1;
      while (this.#word(prev, NEXT) !== at + 1) prev = this.#word(prev, NEXT) - 1;
      this.#i32[((this.#ring + prev) >> 2) + NEXT] = next;
    }
    this.#i32[((this.#ring + at) >> 2) + LIVE] = 0;
  }

  /** Room for `size` bytes at the ring's head, evicting from its tail; the ring offset. */
  #allocate(size: number): number {
    const i = this.#i32;
    for (;;) {
      if (i[COUNT] === 0) {
        i[HEAD] = i[TAIL] = 0;
        return 0;
      }
      // the tail entry goes on at 0 when a wrap mark (or too little room for one) follows the last entry
      if (i[TAIL]! + ENTRY_HEADER > this.#capacity || this.#word(i[TAIL]!, SIZE) === 0) i[TAIL] = 0;
      const head = i[HEAD]!;
      const tail = i[TAIL]!;
      if (head > tail) {
        // free: from the head to the end, then before the tail
        if (this.#capacity - head >= size) return head;
        if (head + ENTRY_HEADER <= this.#capacity) i[((this.#ring + head) >> 2) + SIZE] = 0;
        i[HEAD] = 0;
      } else {
        // wrapped (or full when head = tail): free from the head to the tail
        if (tail - head >= size) return head;
        if (this.#word(tail, LIVE) === 1) this.#unlink(tail);
        i[TAIL] = tail + this.#word(tail, SIZE);
        i[COUNT] = i[COUNT]! - 1;
      }
    }
  }
}
