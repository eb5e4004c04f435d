import { decodePushJSON, decodePushSnappyProtobuf, PushDecodeError, type PushStream } from '@logi/protocol';
import type { Distributor } from '../distributor/distributor.js';
import { checkSnappyDecodedLength, mediaType, readDecodedBody } from './body.js';
import { HttpError } from './http-error.js';
import type { Handler } from '../app/http.js';

/** Decodes a push body (Content-Encoding already undone) by its media type, as Loki's push handler does. */
function decodePushBody(raw: Buffer, type: string): PushStream[] {
  try {
    // Any type other than JSON is, by Loki's convention, snappy-compressed protobuf.
    if (type === 'application/json') return decodePushJSON(raw.toString('utf8'));
    checkSnappyDecodedLength(raw);
    return decodePushSnappyProtobuf(raw);
  } catch (e) {
    if (e instanceof PushDecodeError) throw new HttpError(e.status, e.message);
    throw e;
  }
}

/** POST /loki/api/v1/push and /api/prom/push. 204 means every accepted entry is durable. */
export function pushHandler(distributor: Distributor): Handler {
  return async (ctx) => {
    try {
      const tenant = ctx.tenant();
      const type = mediaType(ctx.header('content-type'));
      if (type === undefined) throw new HttpError(400, 'mime: no media type');
      const streams = decodePushBody(await readDecodedBody(ctx.req, ctx.header('content-encoding')), type);
      await distributor.push(tenant, streams);
      return { status: 204 };
    } catch (e) {
      // Loki's push errors end with a newline (http.Error), unlike its query errors.
      if (e instanceof HttpError) throw new HttpError(e.status, e.message + '\n');
      throw e;
    }
  };
}
