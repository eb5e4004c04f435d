// The object store on S3 (AWS or any S3-compatible server: Ceph radosgw, MinIO), with Loki's settings.
// Errors are sorted for the caller: a missing key is ObjectNotFoundError, what may pass (network, 5xx,
// throttling) is RetryableStoreError, and the rest (a missing bucket, refused credentials) is an Error whose
// message says what to fix.
import type { S3Client } from '@aws-sdk/client-s3';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkKey, ObjectNotFoundError, RetryableStoreError, type ByteRange, type ObjectInfo, type ObjectStore } from './object-store.js';
import { S3Get, S3ResponseError } from './s3-get.js';

/** Loki's `storage_config.aws` / `common.storage.s3` settings this store uses. */
export interface S3Settings {
  /** host[:port] or a URL; empty for AWS itself */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** s3forcepathstyle: bucket in the path, as radosgw and MinIO need */
  forcePathStyle: boolean;
  /** insecure: http instead of https when the endpoint names no scheme */
  insecure: boolean;
  /** http_config.response_header_timeout in ms; 0 for none */
  responseHeaderTimeoutMs: number;
}

const NOT_FOUND_CODES = new Set(['NoSuchKey', 'NotFound']);
const RETRYABLE_CODES = new Set(['SlowDown', 'RequestTimeout', 'RequestTimeTooSkewed', 'InternalError', 'ServiceUnavailable', 'Throttling', 'ThrottlingException']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'TimeoutError']);

// The AWS SDK takes about 0.3 s to load: only a server (or scan thread) that opens a bucket loads it.
type Sdk = typeof import('@aws-sdk/client-s3');
let sdk: Promise<Sdk> | undefined;
const loadSdk = (): Promise<Sdk> => (sdk ??= import('@aws-sdk/client-s3'));

export class S3ObjectStore implements ObjectStore {
  readonly location: string;
  readonly #client: Promise<{ client: S3Client; sdk: Sdk }>;
  readonly #reads: Promise<S3Get>;
  readonly #bucket: string;

  constructor(s: S3Settings) {
    this.#bucket = s.bucket;
    this.location = `s3://${s.bucket}`;
    const endpoint = s.endpoint === '' ? undefined : /^https?:\/\//.test(s.endpoint) ? s.endpoint : `${s.insecure ? 'http' : 'https'}://${s.endpoint}`;
    this.#client = loadSdk().then((sdk) => ({ sdk, client: new sdk.S3Client({
      endpoint,
      region: s.region || 'us-east-1',
      forcePathStyle: s.forcePathStyle,
      credentials: s.accessKeyId === '' ? undefined : { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
      // Checksums only where S3 requires them: radosgw 16 refuses the SDK's default trailing checksums with 411.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // The caller retries with its own backoff (a flush keeps its chunks); the SDK tries each call once more.
      maxAttempts: 2,
      requestHandler: s.responseHeaderTimeoutMs > 0 ? { requestTimeout: s.responseHeaderTimeoutMs } : undefined,
    }) }));
    this.#reads = this.#client.then(({ client }) => new S3Get(client, s.bucket, endpoint, s.responseHeaderTimeoutMs));
  }

  async put(key: string, body: Buffer): Promise<void> {
    checkKey(key);
    await this.#call(key, ({ client, sdk }) => client.send(new sdk.PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: body, ContentLength: body.length })));
  }

  /** Through S3Get, not the SDK (see s3-get.ts); tried twice, as the SDK tries its calls. */
  async get(key: string, range?: ByteRange): Promise<Buffer> {
    checkKey(key);
    if (range !== undefined && range.length <= 0) return Buffer.alloc(0);
    const reads = await this.#reads;
    for (let attempt = 1; ; attempt++) {
      try {
        return await reads.get(key, range);
      } catch (e) {
        const sorted = this.#classify(key, e, (await this.#client).sdk);
        if (!(sorted instanceof RetryableStoreError) || attempt === 2) throw sorted;
        await sleep(50 + Math.random() * 100);
      }
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.#call(prefix, ({ client, sdk }) => client.send(new sdk.ListObjectsV2Command({ Bucket: this.#bucket, Prefix: prefix, ContinuationToken: token })));
      for (const o of page.Contents ?? []) out.push({ key: o.Key!, size: o.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.#call(key, ({ client, sdk }) => client.send(new sdk.DeleteObjectCommand({ Bucket: this.#bucket, Key: key })));
  }

  close(): void {
    void this.#client.then(({ client }) => client.destroy());
    void this.#reads.then((reads) => reads.close());
  }

  /** Runs one S3 call and sorts its failure (see the file's head). */
  async #call<T>(key: string, run: (s3: { client: S3Client; sdk: Sdk }) => Promise<T>): Promise<T> {
    const s3 = await this.#client;
    try {
      return await run(s3);
    } catch (e) {
      throw this.#classify(key, e, s3.sdk);
    }
  }

  #classify(key: string, e: unknown, sdk: Sdk): Error {
    const where = `${this.location}/${key}`;
    if (e instanceof sdk.S3ServiceException || e instanceof S3ResponseError) {
      const status = e instanceof S3ResponseError ? e.status : e.$metadata.httpStatusCode ?? 0;
      if (e.name === 'NoSuchBucket') return new Error(`${this.location}: the bucket does not exist; create it or set bucketnames`, { cause: e });
      if (NOT_FOUND_CODES.has(e.name) || status === 404) return new ObjectNotFoundError(this.location, key);
      if (status === 403 || e.name === 'InvalidAccessKeyId' || e.name === 'SignatureDoesNotMatch' || e.name === 'AccessDenied') {
        return new Error(`${where}: access denied (${e.name}); check access_key_id and secret_access_key`, { cause: e });
      }
      if (status >= 500 || status === 429 || RETRYABLE_CODES.has(e.name)) return new RetryableStoreError(`${where}: ${e.name} (HTTP ${status})`, e);
      return new Error(`${where}: ${e.name} (HTTP ${status}): ${e.message}`, { cause: e });
    }
    const code = (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.name;
    if (code !== undefined && NETWORK_CODES.has(code)) return new RetryableStoreError(`${where}: ${code}: the S3 endpoint cannot be reached`, e);
    return e instanceof Error ? e : new Error(String(e));
  }
}
