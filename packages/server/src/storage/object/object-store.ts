// The object-store boundary, shaped like Loki's ObjectClient: whole objects put and deleted by key, read
// whole or by byte range, listed by prefix. Chunks and index pieces go through it, so the local disk and S3
// are interchangeable; callers tell a missing object and a passing outage apart by the error class.

/** A byte range of an object: `length` bytes from `offset`; clipped at the object's end. */
export interface ByteRange {
  offset: number;
  length: number;
}

export interface ObjectInfo {
  key: string;
  size: number;
}

export interface ObjectStore {
  /** Where the objects live, for logs and errors (a directory, `s3://bucket`). */
  readonly location: string;
  /**
   * True where a byte range costs only its bytes (the local disk): a reader may then fetch a few ranges of an
   * object instead of the whole. Remote stores leave it unset (a round trip each, and their cache keeps ranges).
   */
  readonly cheapRanges?: boolean;
  /** Writes the whole object; a reader sees the old object or the new one, never a part. */
  put(key: string, body: Buffer): Promise<void>;
  /** The object's bytes, or the range of them; ObjectNotFoundError when there is no such object. */
  get(key: string, range?: ByteRange): Promise<Buffer>;
  /** Every object whose key starts with `prefix`, sorted by key. */
  list(prefix: string): Promise<ObjectInfo[]>;
  /** Removes the object; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
}

/** The object does not exist (a caller may treat it as deleted). */
export class ObjectNotFoundError extends Error {
  readonly key: string;
  constructor(location: string, key: string) {
    super(`${location}: object ${key} does not exist`);
    this.name = 'ObjectNotFoundError';
    this.key = key;
  }
}

/** The store could not answer now (network, throttling, a server error): the same call may work later. */
export class RetryableStoreError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'RetryableStoreError';
  }
}

/** Keys are relative paths of `/`-separated segments: no empty, `.` or `..` segment, no backslash or NUL. */
export function checkKey(key: string): void {
  if (key === '' || key.startsWith('/') || key.endsWith('/') || /[\\\0]/.test(key) || key.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`invalid object key ${JSON.stringify(key)}`);
  }
}
