// How a store is named across threads: scan workers get an ObjectStoreRef in each task (plain data, structured-
// clone safe) and open the store it names once per thread, so chunk references stay keys, never file paths.
// A remote store gets a cache of recently read ranges in each thread (the threads share the configured size).
import { availableParallelism } from 'node:os';
import { CachedObjectStore } from './cached-object-store.js';
import { FsObjectStore } from './fs-object-store.js';
import type { ObjectStore } from './object-store.js';
import { S3ObjectStore, type S3Settings } from './s3-object-store.js';

export type ObjectStoreRef =
  | { kind: 'fs'; root: string; fsync: boolean }
  | { kind: 's3'; s3: S3Settings; cacheBytes: number };

const opened = new Map<string, ObjectStore>();

/** The store `ref` names, opened on first use in this thread and shared afterwards. */
export function openObjectStore(ref: ObjectStoreRef): ObjectStore {
  const id = JSON.stringify(ref);
  let store = opened.get(id);
  if (!store) {
    store = ref.kind === 'fs'
      ? new FsObjectStore(ref.root, { fsync: ref.fsync })
      : new CachedObjectStore(new S3ObjectStore(ref.s3), Math.floor(ref.cacheBytes / (availableParallelism() + 1)));
    opened.set(id, store);
  }
  return store;
}
