// The object store on a local directory: an object is a file at its key's path. A put writes a temporary
// file beside it, fsyncs it and renames it over the key, so readers never see part of an object and a crash
// leaves the old one or the new one.
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkKey, ObjectNotFoundError, type ByteRange, type ObjectInfo, type ObjectStore } from './object-store.js';

/** Temporary files of puts in progress (or cut short by a crash): never listed. */
const TMP_SUFFIX = '.tmp-put';

export class FsObjectStore implements ObjectStore {
  readonly location: string;
  readonly cheapRanges = true;
  readonly #root: string;
  readonly #fsync: boolean;

  constructor(root: string, opts: { fsync?: boolean } = {}) {
    this.#root = root;
    this.location = root;
    this.#fsync = opts.fsync ?? true;
  }

  /** Paths of keys read recently: a query reads the same chunk objects many times, a range at a time. */
  readonly #paths = new Map<string, string>();

  #path(key: string): string {
    let path = this.#paths.get(key);
    if (path === undefined) {
      checkKey(key);
      path = join(this.#root, ...key.split('/'));
      if (this.#paths.size >= 10_000) this.#paths.clear();
      this.#paths.set(key, path);
    }
    return path;
  }

  async put(key: string, body: Buffer): Promise<void> {
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomBytes(4).toString('hex')}${TMP_SUFFIX}`;
    try {
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(body);
        if (this.#fsync) await fh.datasync();
      } catch (e) {
        await fh.close();
        await unlink(tmp).catch(() => undefined);
        throw e;
      }
      await fh.close();
      await rename(tmp, path);
      if (this.#fsync) await syncDir(dirname(path));
    } catch (e) {
      // The error names the object, so a full disk's log line says where.
      const err = e as NodeJS.ErrnoException;
      throw Object.assign(new Error(`${path}: ${err.message}`, { cause: err }), { code: err.code });
    }
  }

  /**
   * Read synchronously: a chunk read from local disk (page cache, mostly) takes less than the thread-pool round
   * trips of an async open, read and close, which made a full scan 60 % slower. Reads run on scan workers; the
   * main thread reads only at start (index pieces) and in queries when no worker can run.
   */
  async get(key: string, range?: ByteRange): Promise<Buffer> {
    const path = this.#path(key);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ObjectNotFoundError(this.location, key);
      throw e;
    }
    try {
      const offset = range?.offset ?? 0;
      const length = range?.length ?? fstatSync(fd).size;
      const buf = Buffer.allocUnsafe(Math.max(0, length));
      let done = 0;
      while (done < length) {
        const n = readSync(fd, buf, done, length - done, offset + done);
        if (n === 0) break; // the object ends before the range does: clipped
        done += n;
      }
      return buf.subarray(0, done);
    } finally {
      closeSync(fd);
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    // Walk only the directory the prefix's complete segments name.
    const cut = prefix.lastIndexOf('/');
    const startKey = cut < 0 ? '' : prefix.slice(0, cut);
    const out: ObjectInfo[] = [];
    this.#walk(cut < 0 ? this.#root : join(this.#root, ...startKey.split('/')), startKey, prefix, out);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * Lists in place, as get reads: a month of partitions is thousands of objects, and a promise per directory
   * entry and stat cost a start more than the system calls themselves.
   */
  #walk(dir: string, dirKey: string, prefix: string, out: ObjectInfo[]): void {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      const key = dirKey === '' ? e.name : `${dirKey}/${e.name}`;
      if (e.isDirectory()) {
        if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) this.#walk(join(dir, e.name), key, prefix, out);
      } else if (!e.name.endsWith(TMP_SUFFIX) && key.startsWith(prefix)) {
        const st = statSync(join(dir, e.name), { throwIfNoEntry: false }); // undefined: deleted since the readdir
        if (st) out.push({ key, size: st.size });
      }
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
