import type { IncomingMessage } from 'node:http';
import { constants } from 'node:buffer';
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { HttpError } from './http-error.js';

const MAX_COMPRESSED = 100 * 1024 * 1024;
// Loki allows 5000 MiB decompressed; a Node Buffer cannot hold more than constants.MAX_LENGTH.
const MAX_DECOMPRESSED = Math.min(5000 * 1024 * 1024, constants.MAX_LENGTH);

/** Reads a whole request body, refusing more than Loki's 100 MiB with 413. */
export async function readBody(req: IncomingMessage, max = MAX_COMPRESSED): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new HttpError(413, `request body too large: ${size} bytes, limit: ${max} bytes`);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/** Undoes Content-Encoding as Loki's push handler does (gzip, deflate; snappy bodies are decoded by type). */
export function decodeContentEncoding(body: Buffer, encoding: string | undefined): Buffer {
  const enc = (encoding ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'snappy' || enc === 'identity') return body;
  try {
    if (enc === 'gzip') return gunzipSync(body, { maxOutputLength: MAX_DECOMPRESSED });
    if (enc === 'deflate') {
      // Clients send either a zlib stream (RFC 1950, as Go does) or bare DEFLATE; accept both.
      try {
        return inflateSync(body, { maxOutputLength: MAX_DECOMPRESSED });
      } catch {
        return inflateRawSync(body, { maxOutputLength: MAX_DECOMPRESSED });
      }
    }
  } catch (e) {
    throw new HttpError(400, `${enc}: ${(e as Error).message}`);
  }
  throw new HttpError(400, `Content-Encoding "${encoding}" not supported`);
}

/** The media type of a Content-Type header, lower-cased, or undefined when absent. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  return t || undefined;
}
