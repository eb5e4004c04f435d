// Reads S3 objects with one signed HTTP GET each, beside the AWS SDK rather than through it: chunk reads are a
// cold scan's hot path, and the SDK's middleware cost about 1.5 ms of CPU per GET on top of the transfer
// (README.md, "Reads past the SDK"). What must match AWS still comes from the SDK: the client's endpoint rules
// (virtual-hosted or path style, FIPS, regions), its credential chain and its SigV4 signer.
import http from 'node:http';
import https from 'node:https';
import type { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ByteRange } from './object-store.js';

/** An S3 error answer: its name is S3's error code (`NoSuchKey`, `AccessDenied`, …), as the SDK's errors are named. */
export class S3ResponseError extends Error {
  readonly status: number;
  constructor(code: string, status: number, message: string) {
    super(message);
    this.name = code;
    this.status = status;
  }
}

/** A request that went quiet for longer than `http_config.response_header_timeout`. */
class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

// Each byte but the unreserved ones and `/` is %-encoded, once: S3 signs the path as sent.
const encodeKey = (key: string): string => encodeURIComponent(key).replace(/%2F/g, '/').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const xmlField = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

interface Target {
  url: URL;
  signer: SignatureV4;
  agent: http.Agent;
}

export class S3Get {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #endpoint: string | undefined;
  readonly #timeoutMs: number;
  #target: Promise<Target> | undefined;

  /** `endpoint`: the configured URL, none for AWS itself; `timeoutMs`: 0 for none. */
  constructor(client: S3Client, bucket: string, endpoint: string | undefined, timeoutMs: number) {
    this.#client = client;
    this.#bucket = bucket;
    this.#endpoint = endpoint;
    this.#timeoutMs = timeoutMs;
  }

  /** The bytes of `key` (or of its range); a range starting past the end reads nothing, as the contract says. */
  async get(key: string, range?: ByteRange): Promise<Buffer> {
    const { url, signer, agent } = await (this.#target ??= this.#resolve());
    const path = `${url.pathname.replace(/\/$/, '')}/${encodeKey(key)}`;
    const headers: Record<string, string> = { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
    if (range !== undefined) headers.range = `bytes=${range.offset}-${range.offset + range.length - 1}`;
    const signed = await signer.sign({ method: 'GET', protocol: url.protocol, hostname: url.hostname, port: url.port === '' ? undefined : Number(url.port), path, query: {}, headers });
    const { status, body } = await this.#send(url, path, signed.headers, agent);
    if (status === 200 || status === 206) return body;
    if (status === 416 && range !== undefined) return Buffer.alloc(0);
    const xml = body.toString('utf8');
    const code = xmlField(xml, 'Code') ?? (status === 404 ? 'NotFound' : `HTTP${status}`);
    throw new S3ResponseError(code, status, xmlField(xml, 'Message') ?? `HTTP ${status}`);
  }

  close(): void {
    void this.#target?.then(({ agent }) => agent.destroy(), () => undefined);
  }

  /** The bucket's URL and signing scope, by the SDK's endpoint rules for this client's settings. */
  async #resolve(): Promise<Target> {
    const config = this.#client.config;
    const region = await config.region();
    const resolved = config.endpointProvider({
      Bucket: this.#bucket,
      Region: region,
      Endpoint: this.#endpoint,
      ForcePathStyle: config.forcePathStyle,
      UseFIPS: await config.useFipsEndpoint(),
      UseDualStack: await config.useDualstackEndpoint(),
      Accelerate: config.useAccelerateEndpoint,
    });
    const scheme = (resolved.properties?.authSchemes as { name: string; signingName?: string; signingRegion?: string }[] | undefined)?.find((s) => s.name === 'sigv4');
    const signer = new SignatureV4({
      credentials: config.credentials,
      region: scheme?.signingRegion ?? region,
      service: scheme?.signingName ?? 's3',
      sha256: config.sha256,
      uriEscapePath: false, // the path is encoded once above; S3 signs it as sent
      applyChecksum: false,
    });
    // the SDK's own default of 50 sockets per host, kept open between reads
    const Agent = resolved.url.protocol === 'https:' ? https.Agent : http.Agent;
    return { url: resolved.url, signer, agent: new Agent({ keepAlive: true, maxSockets: 50 }) };
  }

  #send(url: URL, path: string, headers: Record<string, string>, agent: http.Agent): Promise<{ status: number; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request({ hostname: url.hostname, port: url.port, path, method: 'GET', headers, agent }, (res) => {
        const parts: Buffer[] = [];
        let size = 0;
        res.on('data', (part: Buffer) => {
          parts.push(part);
          size += part.length;
        });
        res.on('error', reject);
        res.on('end', () => {
          const expected = Number(res.headers['content-length'] ?? size);
          if (size !== expected) {
            reject(Object.assign(new Error(`the answer was cut short (${size} of ${expected} bytes)`), { code: 'ECONNRESET' }));
            return;
          }
          resolve({ status: res.statusCode ?? 0, body: parts.length === 1 ? parts[0]! : Buffer.concat(parts, size) });
        });
      });
      request.on('error', reject);
      if (this.#timeoutMs > 0) request.setTimeout(this.#timeoutMs, () => request.destroy(new TimeoutError(`no answer within ${this.#timeoutMs} ms`)));
      request.end();
    });
  }
}
