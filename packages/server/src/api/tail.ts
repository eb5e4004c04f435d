import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { isLogExpr, parseExpr, type LogSelectorExpr } from '@logi/logql';
import { formatRFC3339Nano } from '@logi/protocol';
import { tenantOf } from './tenant.js';
import { badRequest } from './http-error.js';
import { Params, parseLimit, parseTimeParam } from './params.js';
import { parseQueryOrThrow } from './query-parse.js';
import { legacyStreamsResult, streamsResultJSON } from './streams-response.js';
import type { Querier } from '../querier/querier.js';
import { MAX_TAILS_PER_TENANT, type Tailers, type TailEncoder } from '../querier/tailer.js';
import type { Limits } from '../app/config.js';
import { errorReply, type Handler } from '../app/http.js';
import type { QueryAdmission } from '../frontend/query-admission.js';

const PING_MS = 1000;
/** Loki ends a tail after an hour (`reached tail max duration limit`). */
const MAX_DURATION_MS = 3600_000;

interface TailRequest {
  tenant: string;
  expr: LogSelectorExpr;
  limit: number;
  start: bigint;
  delayMs: number;
  encode: TailEncoder;
}

/**
 * A browser cannot set headers on a WebSocket (Grafana tails through its own server, which sets them), so Logi also
 * takes the tenant from an `X-Scope-OrgID` query parameter; the header wins when both are given.
 */
function tailTenant(req: IncomingMessage, url: URL, authEnabled: boolean): string {
  const param = url.searchParams.get('X-Scope-OrgID');
  const headers = req.headers['x-scope-orgid'] === undefined && param !== null ? { 'x-scope-orgid': param } : req.headers;
  return tenantOf(headers, authEnabled);
}

function parseTailRequest(req: IncomingMessage, url: URL, authEnabled: boolean, tailers: Tailers): TailRequest {
  const tenant = tailTenant(req, url, authEnabled);
  const p = new Params(url.searchParams);
  const q = p.get('query');
  if (q === undefined) throw badRequest('parse error : syntax error: unexpected $end');
  const expr = parseQueryOrThrow(() => parseExpr(q));
  if (!isLogExpr(expr)) throw badRequest('only log queries are supported for tailing');
  const delay = Number(p.get('delay_for') ?? '0');
  if (!Number.isInteger(delay) || delay < 0) throw badRequest(`invalid delay_for: ${p.get('delay_for')}`);
  if (delay > 5) throw badRequest("delay_for can't be greater than 5");
  const count = tailers.count(tenant);
  if (count >= MAX_TAILS_PER_TENANT) {
    throw badRequest(`max concurrent tail requests limit exceeded, count > limit (${count + 1} > ${MAX_TAILS_PER_TENANT})`);
  }
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const startText = p.get('start');
  const flags = String(req.headers['x-loki-response-encoding-flags'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const categorize = flags.includes('categorize-labels');
  const legacy = url.pathname === '/api/prom/tail';
  // dropped_entries as Loki writes them: v1 {timestamp: ns, labels: {...}}, legacy {Timestamp: RFC3339Nano, Labels: "{...}"}.
  const encode: TailEncoder = legacy
    ? (entries, dropped) => JSON.stringify({
      streams: legacyStreamsResult(entries),
      ...(dropped.length ? { dropped_entries: dropped.map((d) => ({ Timestamp: formatRFC3339Nano(d.ts), Labels: d.streamKey })) } : {}),
    })
    : (entries, dropped) => {
      const droppedJSON = dropped.length ? `,"dropped_entries":${JSON.stringify(dropped.map((d) => ({ timestamp: d.ts.toString(), labels: Object.fromEntries(d.stream) })))}` : '';
      return `{"streams":${streamsResultJSON(entries, categorize)}${droppedJSON}${categorize ? `,"encodingFlags":${JSON.stringify(flags)}` : ''}}`;
    };
  return {
    tenant, expr, limit: parseLimit(p), delayMs: delay * 1000, encode,
    start: startText === undefined ? nowNs - 3600n * 1_000_000_000n : parseTimeParam(startText, 'start'),
  };
}

/**
 * GET /loki/api/v1/tail (and /api/prom/tail) over WebSocket: first the newest `limit` entries since
 * `start`, oldest first, then every matching entry as it is pushed. Errors are plain HTTP answers before the upgrade.
 */
export function tailUpgradeHandler(querier: Querier, tailers: Tailers, authEnabled: boolean, admission: QueryAdmission, limitsFor: (t: string) => Limits) {
  // ws is loaded by the first tail, not at start (a tenth of a start's module loading went to it).
  let wss: Promise<WebSocketServer> | undefined;
  const upgrader = (): Promise<WebSocketServer> => (wss ??= import('ws').then((ws) => new ws.WebSocketServer({ noServer: true })));
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/loki/api/v1/tail' && url.pathname !== '/api/prom/tail') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n404 page not found\n');
      return;
    }
    let tr: TailRequest;
    try {
      tr = parseTailRequest(req, url, authEnabled, tailers);
    } catch (e) {
      const reply = errorReply(e);
      const body = String(reply.body ?? '');
      socket.end(`HTTP/1.1 ${reply.status} Error\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    void upgrader().then((wss) => wss.handleUpgrade(req, socket, head, (ws) => {
      const tail = tailers.add(tr.tenant, tr.expr, ws, tr.encode, tr.delayMs);
      const ping = setInterval(() => ws.ping(), PING_MS);
      const maxDuration = setTimeout(() => ws.close(1011, 'reached tail max duration limit'), MAX_DURATION_MS);
      const gone = new AbortController();
      ws.on('close', () => {
        gone.abort();
        tail.stop();
        clearInterval(ping);
        clearTimeout(maxDuration);
      });
      ws.on('error', () => ws.terminate());
      // The history ends after the current millisecond (the end is exclusive): an entry stamped with a ns clock in
      // the millisecond the tail began was pushed before it, so it is not live and must be history. Live entries the
      // history also holds are sent once (Tail.historySent).
      const end = (BigInt(Date.now()) + 1n) * 1_000_000n;
      // The history is a query like any other: queued behind running ones, bounded by query_timeout.
      admission.run(tr.tenant, limitsFor(tr.tenant), gone.signal, (signal) =>
        querier.logQuery(tr.tenant, tr.expr, { start: tr.start, end, limit: tr.limit, direction: 'backward', interval: 0n }, signal)).then(
        (res) => {
          const history = res.entries.reverse();
          if (history.length > 0 && ws.readyState === ws.OPEN) ws.send(tr.encode(history, []));
          tail.historySent(history);
        },
        (e: unknown) => ws.close(1011, String((e as Error).message ?? e).slice(0, 120)),
      );
    }));
  };
}

/** The tail paths answered without a WebSocket upgrade: the query is checked first, as Loki does. */
export function tailPlainHandler(tailers: Tailers, authEnabled: boolean): Handler {
  return async (ctx) => {
    parseTailRequest(ctx.req, ctx.url, authEnabled, tailers);
    throw badRequest("websocket: the client is not using the websocket protocol: 'upgrade' token not found in 'Connection' header");
  };
}
