// Recently read byte ranges of a remote store (Loki's embedded chunk cache), kept in a SharedRangeCache that the
// main thread and the scan workers share, so a query repeated over the same chunks does not fetch them again,
// whichever thread reads them. Chunk objects are never rewritten (each flush writes new names), so an entry
// stays true until evicted; a put or delete through any thread's store drops the key in all of them.
import type { ByteRange, ObjectInfo, ObjectStore } from './object-store.js';
import type { SharedRangeCache } from './shared-range-cache.js';

export class CachedObjectStore implements ObjectStore {
  readonly location: string;
  readonly #inner: ObjectStore;
  readonly #cache: SharedRangeCache;

  constructor(inner: ObjectStore, cache: SharedRangeCache) {
    this.#inner = inner;
    this.location = inner.location;
    this.#cache = cache;
  }

  async get(key: string, range?: ByteRange): Promise<Buffer> {
    const offset = range?.offset ?? -1;
    const length = range?.length ?? -1;
    const hit = this.#cache.get(key, offset, length);
    if (hit) return hit;
    const epoch = this.#cache.epoch;
    const bytes = await this.#inner.get(key, range);
    this.#cache.insert(key, offset, length, bytes, epoch);
    return bytes;
  }

  async put(key: string, body: Buffer): Promise<void> {
    try {
      await this.#inner.put(key, body);
    } finally {
      this.#cache.forget(key); // a failed put may still have replaced the object
    }
  }

  list(prefix: string): Promise<ObjectInfo[]> {
    return this.#inner.list(prefix);
  }

  async delete(key: string): Promise<void> {
    try {
      await this.#inner.delete(key);
    } finally {
      this.#cache.forget(key);
    }
  }
}
