// How a store is named across threads: scan workers get an ObjectStoreRef in each task (structured-clone safe)
// and open the store it names once per thread, so chunk references stay keys, never file paths. A remote
// store's ref carries the memory of its range cache (a SharedArrayBuffer, shared, not copied, when a task is
// posted), so every thread reads through one cache of the configured size.
import { CachedObjectStore } from './cached-object-store.js';
import { FsObjectStore } from './fs-object-store.js';
import type { ObjectStore } from './object-store.js';
import { S3ObjectStore, type S3Settings } from './s3-object-store.js';
import { MIN_CACHE_BYTES, SharedRangeCache } from './shared-range-cache.js';

export type ObjectStoreRef =
  | { kind: 'fs'; root: string; fsync: boolean }
  /** `cache`: the range cache's memory, made by `shareObjectStore`; none when cacheBytes is too small for one */
  | { kind: 's3'; s3: S3Settings; cacheBytes: number; cache?: SharedArrayBuffer };

const opened = new Map<string, ObjectStore>();
const openedByCache = new WeakMap<SharedArrayBuffer, ObjectStore>();

/**
 * The ref to hand to every thread: a remote store's with the memory of a new cache of `cacheBytes` (made here,
 * once per opened store; a ref passed again gets a new, empty cache).
 */
export function shareObjectStore(ref: ObjectStoreRef): ObjectStoreRef {
  if (ref.kind === 'fs' || ref.cacheBytes < MIN_CACHE_BYTES) return ref;
  return { ...ref, cache: SharedRangeCache.memory(ref.cacheBytes) };
}

/** The store `ref` names, opened on first use in this thread and shared afterwards. */
export function openObjectStore(ref: ObjectStoreRef): ObjectStore {
  if (ref.kind === 's3' && ref.cache) {
    let store = openedByCache.get(ref.cache);
    if (!store) {
      store = new CachedObjectStore(new S3ObjectStore(ref.s3), new SharedRangeCache(ref.cache));
      openedByCache.set(ref.cache, store);
    }
    return store;
  }
  const id = JSON.stringify(ref);
  let store = opened.get(id);
  if (!store) {
    store = ref.kind === 'fs' ? new FsObjectStore(ref.root, { fsync: ref.fsync }) : new S3ObjectStore(ref.s3);
    opened.set(id, store);
  }
  return store;
}
