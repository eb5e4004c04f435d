import type { IncomingMessage, ServerResponse } from 'node:http';
import { ParseError, QueryError, StageError } from '@logi/logql';
import { HttpError } from '../api/http-error.js';
import { Params } from '../api/params.js';
import { readBody } from '../api/body.js';
import { tenantOf } from '../api/tenant.js';

/** A finished answer. Bodies are sent as they are; JSON is serialised by the handler (key order matters to Grafana). */
export interface Reply {
  status: number;
  contentType?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

/** What a handler gets for one request. `params()` merges the query string with a urlencoded POST body. */
export class RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** path segments captured by the route (e.g. the label name of /label/<name>/values) */
  readonly pathParams: string[];
  #authEnabled: boolean;
  #params: Params | undefined;
  #disconnect: AbortController | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, url: URL, pathParams: string[], authEnabled: boolean) {
    this.req = req;
    this.res = res;
    this.url = url;
    this.pathParams = pathParams;
    this.#authEnabled = authEnabled;
  }

  tenant(): string {
    return tenantOf(this.req.headers, this.#authEnabled);
  }

  /** Aborts when the client goes away before the answer is sent (a query then stops scheduling work). */
  get signal(): AbortSignal {
    if (!this.#disconnect) {
      const c = (this.#disconnect = new AbortController());
      const gone = (): void => {
        if (!this.res.writableFinished) c.abort(new ClientClosedError());
      };
      if (this.res.closed) gone(); // went away while the body was read
      else this.res.once('close', gone);
    }
    return this.#disconnect.signal;
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  }

  async params(): Promise<Params> {
    if (this.#params) return this.#params;
    let form: URLSearchParams | undefined;
    if (this.req.method === 'POST' && (this.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      form = new URLSearchParams((await readBody(this.req)).toString('utf8'));
    }
    this.#params = new Params(this.url.searchParams, form);
    return this.#params;
  }
}

/** The reason of RequestContext.signal: Loki's answer (499) in its log line, should anything still be sent. */
export class ClientClosedError extends HttpError {
  constructor() {
    super(499, 'the request was cancelled by the client');
  }
}

export type Handler = (ctx: RequestContext) => Promise<Reply | undefined>;

export const JSON_TYPE = 'application/json; charset=UTF-8';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

export function json(body: unknown, status = 200): Reply {
  return { status, contentType: JSON_TYPE, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

export function text(body: string, status = 200): Reply {
  return { status, contentType: TEXT_TYPE, body };
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) return;
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.contentType) headers['Content-Type'] = reply.contentType;
  // Encoded once: measuring a string's UTF-8 length and then writing it walks a 30 MB answer twice.
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : (reply.body ?? '');
  headers['Content-Length'] = body.length;
  res.writeHead(reply.status, headers);
  res.end(body);
}

/** Turns a thrown error into Loki's plain-text error answer; anything unexpected is a 500. */
export function errorReply(e: unknown): Reply {
  if (e instanceof HttpError || e instanceof QueryError) return text(e.message, e.status);
  if (e instanceof ParseError) return text(e.message, 400);
  if (e instanceof StageError) return text(`parse error : ${e.message}`, 400);
  const msg = e instanceof Error ? e.message : String(e);
  return text(msg, 500);
}
