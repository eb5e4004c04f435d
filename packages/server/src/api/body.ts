import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, createInflateRaw, type Gunzip, type Inflate, type InflateRaw } from 'node:zlib';
import { HttpError } from './http-error.js';

/** Loki's distributor.max_recv_msg_size: the most a request body may carry as sent. */
export const MAX_BODY_BYTES = 100 * 1024 * 1024;
/**
 * The most a gzip or deflate body may inflate to. Loki allows 5000 MiB (distributor.max_decompressed_size);
 * Logi keeps Loki's 100 MiB body limit here too: a JS string holds at most ~512 MiB, and any push above the
 * default ingestion burst (6 MiB) is refused by the rate limiter anyway.
 */
export const MAX_DECOMPRESSED_BYTES = 100 * 1024 * 1024;

/** Loki's answer to an oversized body (413, `request body too large: ...`). */
function tooLarge(what: string, size: number, max: number): HttpError {
  return new HttpError(413, `request body too large: ${what} too large than max (${size} vs ${max})`);
}

/** Reads a whole request body as sent, refusing more than `max` bytes with 413. */
export async function readBody(req: IncomingMessage, max = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw tooLarge('message size', size, max);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/** RFC 1950 header: deflate method (CM 8) and a check sum that makes the first two bytes a multiple of 31. */
function isZlibStream(b: Buffer): boolean {
  return b.length >= 2 && (b[0]! & 0x0f) === 8 && ((b[0]! << 8) | b[1]!) % 31 === 0;
}

/**
 * Inflates in zlib's streaming mode (the work runs in libuv's thread pool, so other requests go on) and
 * stops as soon as the output passes `max`: a small gzip bomb costs at most `max` bytes, never gigabytes.
 */
function inflateBounded(body: Buffer, inflater: Gunzip | Inflate | InflateRaw, enc: string, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    inflater.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        inflater.destroy();
        reject(tooLarge('decompressed message size', size, max));
        return;
      }
      chunks.push(chunk);
    });
    inflater.on('error', (e) => reject(new HttpError(400, `${enc}: ${e.message}`)));
    inflater.on('end', () => resolve(Buffer.concat(chunks, size)));
    inflater.end(body);
  });
}

/**
 * Reads a request body and undoes its Content-Encoding as Loki's push handler does (gzip, deflate; snappy
 * bodies are decoded by type). Both the body as sent and the inflated body are bounded (413 beyond).
 */
export async function readDecodedBody(req: IncomingMessage, encoding: string | undefined, maxDecompressed = MAX_DECOMPRESSED_BYTES): Promise<Buffer> {
  const enc = (encoding ?? '').trim().toLowerCase();
  if (enc !== '' && enc !== 'snappy' && enc !== 'identity' && enc !== 'gzip' && enc !== 'deflate') {
    throw new HttpError(400, `Content-Encoding "${encoding}" not supported`);
  }
  const body = await readBody(req);
  if (enc === 'gzip') return inflateBounded(body, createGunzip(), enc, maxDecompressed);
  // Clients send either a zlib stream (RFC 1950, as Go does) or bare DEFLATE; accept both.
  if (enc === 'deflate') return inflateBounded(body, isZlibStream(body) ? createInflate() : createInflateRaw(), enc, maxDecompressed);
  return body;
}

/**
 * Refuses a snappy block whose header announces more than `max` decoded bytes, before it is decoded (synchronously):
 * a 100 MiB body could otherwise decode to gigabytes. Loki checks the same header against the same limit.
 */
export function checkSnappyDecodedLength(block: Buffer, max = MAX_DECOMPRESSED_BYTES): void {
  let length = 0;
  for (let i = 0, shift = 1; i < Math.min(block.length, 5); i++, shift *= 128) {
    length += (block[i]! & 0x7f) * shift;
    if (block[i]! < 0x80) break;
  }
  if (length > max) throw tooLarge('decompressed message size', length, max);
}

/** The media type of a Content-Type header, lower-cased, or undefined when absent. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  return t || undefined;
}
