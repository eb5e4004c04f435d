// Recently read byte ranges of a remote store, kept in memory up to a size (Loki's embedded chunk cache), so a
// query repeated over the same chunks does not fetch them again. Chunk objects are never rewritten (each flush
// writes new names), so an entry stays true until evicted; a put or delete through this store drops its key.
import type { ByteRange, ObjectInfo, ObjectStore } from './object-store.js';

export class CachedObjectStore implements ObjectStore {
  readonly location: string;
  readonly #inner: ObjectStore;
  readonly #maxBytes: number;
  /** In use order, least recent first. */
  readonly #entries = new Map<string, Buffer>();
  #bytes = 0;

  constructor(inner: ObjectStore, maxBytes: number) {
    this.#inner = inner;
    this.location = inner.location;
    this.#maxBytes = maxBytes;
  }

  async get(key: string, range?: ByteRange): Promise<Buffer> {
    const id = range === undefined ? key : `${key}\0${range.offset}\0${range.length}`;
    const hit = this.#entries.get(id);
    if (hit) {
      this.#entries.delete(id);
      this.#entries.set(id, hit);
      return hit;
    }
    const bytes = await this.#inner.get(key, range);
    if (bytes.length <= this.#maxBytes / 4) {
      this.#entries.set(id, bytes);
      this.#bytes += bytes.length;
      for (const [k, v] of this.#entries) {
        if (this.#bytes <= this.#maxBytes) break;
        this.#entries.delete(k);
        this.#bytes -= v.length;
      }
    }
    return bytes;
  }

  async put(key: string, body: Buffer): Promise<void> {
    this.#forget(key);
    await this.#inner.put(key, body);
  }

  list(prefix: string): Promise<ObjectInfo[]> {
    return this.#inner.list(prefix);
  }

  async delete(key: string): Promise<void> {
    this.#forget(key);
    await this.#inner.delete(key);
  }

  #forget(key: string): void {
    for (const [id, v] of this.#entries) {
      if (id !== key && !id.startsWith(`${key}\0`)) continue;
      this.#entries.delete(id);
      this.#bytes -= v.length;
    }
  }
}
