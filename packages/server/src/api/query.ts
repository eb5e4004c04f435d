import { isLogExpr, parseExpr, type Expr } from '@logi/logql';
import type { Limits } from '../app/config.js';
import { json, type Handler, type Reply, type RequestContext } from '../app/http.js';
import { emptyMetricHints, emptyResultHints } from '../querier/empty-result-hints.js';
import type { StreamIndex } from '../ingester/types.js';
import type { MetricQueryResult } from '../querier/metric-query.js';
import type { Querier } from '../querier/querier.js';
import type { QueryAdmission } from '../frontend/query-admission.js';
import { splitLogQuery } from '../frontend/split-by-interval.js';
import { badRequest, HttpError } from './http-error.js';
import { checkQueryLength, parseBounds, parseDirection, parseDurationParam, parseLimit, parseStep, parseTimeParam, type Params } from './params.js';
import { parseQueryOrThrow } from './query-parse.js';
import { statsJSON } from './stats.js';
import { legacyStreamsResult, streamsResultJSON } from './streams-response.js';

const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

function queryParam(p: Params): Expr {
  const q = p.get('query');
  if (q === undefined) throw badRequest('parse error : syntax error: unexpected $end');
  return parseQueryOrThrow(() => parseExpr(q));
}

function encodingFlags(ctx: RequestContext): string[] {
  const raw = ctx.header('x-loki-response-encoding-flags');
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function checkEntriesLimit(limit: number, limits: Limits): void {
  if (limit > limits.maxEntriesLimitPerQuery) {
    throw badRequest(`max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${limits.maxEntriesLimitPerQuery})`);
  }
}

/** Loki's success envelope around a result written as JSON text (`resultType` and `result`, and what goes between). */
function successReply(resultJSON: string, stats: unknown, warnings: readonly string[]): Reply {
  const warned = warnings.length ? `,"warnings":${JSON.stringify(warnings)}` : '';
  return json(`{"status":"success"${warned},"data":{${resultJSON},"stats":${JSON.stringify(stats)}}}`);
}

const metricReply = (res: MetricQueryResult, warnings: string[] = []): Reply => successReply(res.resultJSON, statsJSON(res.stats, 0), warnings);

/**
 * GET|POST /loki/api/v1/query_range. A query that finds nothing is answered with `warnings` (beside status and
 * data, as Loki places them) saying why, where that can be told cheaply (querier/empty-result-hints.ts).
 */
export function queryRangeHandler(querier: Querier, reader: StreamIndex, limitsFor: (t: string) => Limits, admission: QueryAdmission): Handler {
  return async (ctx) => {
    const tenant = ctx.tenant();
    const limits = limitsFor(tenant);
    const p = await ctx.params();
    const b = parseBounds(p, nowNs());
    const limit = parseLimit(p);
    const direction = parseDirection(p);
    const expr = queryParam(p);
    if (isLogExpr(expr)) {
      checkEntriesLimit(limit, limits);
      checkQueryLength(b, limits);
      const intervalText = p.get('interval');
      const interval = intervalText === undefined ? 0n : parseDurationParam(intervalText);
      const flags = encodingFlags(ctx);
      const categorize = flags.includes('categorize-labels');
      const { res, warnings } = await admission.run(tenant, limits, ctx.signal, async (signal) => {
        const res = await splitLogQuery((q) => querier.logQuery(tenant, expr, q, signal), { start: b.start, end: b.end, limit, direction, interval, labelsJSON: categorize ? 'categorized' : 'all' }, categorize);
        if (res.entries.length > 0) return { res, warnings: [] };
        const findsAny = async (changed: typeof expr): Promise<boolean> =>
          (await querier.logQuery(tenant, changed, { start: b.start, end: b.end, limit: 1, direction, interval: 0n }, signal)).entries.length > 0;
        return { res, warnings: await emptyResultHints(reader, tenant, expr, b.start, b.end, findsAny) };
      });
      const flagged = categorize ? `,"encodingFlags":${JSON.stringify(flags)}` : '';
      return successReply(`"resultType":"streams"${flagged},"result":${streamsResultJSON(res.entries, categorize)}`, statsJSON(res.stats, res.entries.length), warnings);
    }
    const step = parseStep(p, b);
    checkQueryLength(b, limits);
    const res = await admission.run(tenant, limits, ctx.signal, (signal) => querier.metricQuery(tenant, expr, { start: b.start, end: b.end, step }, signal));
    return metricReply(res, res.resultJSON.endsWith('"result":[]') ? emptyMetricHints(reader, tenant, expr, b.start, b.end) : []);
  };
}

/** GET|POST /loki/api/v1/query (instant). */
export function instantQueryHandler(querier: Querier, limitsFor: (t: string) => Limits, admission: QueryAdmission): Handler {
  return async (ctx) => {
    const tenant = ctx.tenant();
    const p = await ctx.params();
    // Loki's order: limit, time, direction
    parseLimit(p);
    const t = p.get('time');
    const time = t === undefined ? nowNs() : parseTimeParam(t, 'time');
    parseDirection(p);
    const expr = queryParam(p);
    if (isLogExpr(expr)) {
      throw badRequest('log queries are not supported as an instant query type, please change your query to a range query type');
    }
    return metricReply(await admission.run(tenant, limitsFor(tenant), ctx.signal, (signal) =>
      querier.metricQuery(tenant, expr, { start: time, end: time, step: 0n }, signal)));
  };
}

/** GET /api/prom/query: the legacy log query (range semantics, streams only). */
export function legacyQueryHandler(querier: Querier, limitsFor: (t: string) => Limits, admission: QueryAdmission): Handler {
  return async (ctx) => {
    const tenant = ctx.tenant();
    const p = await ctx.params();
    const b = parseBounds(p, nowNs());
    const limit = parseLimit(p);
    const direction = parseDirection(p);
    const expr = queryParam(p);
    if (!isLogExpr(expr)) throw new HttpError(400, 'legacy endpoints only support streams result type');
    const limits = limitsFor(tenant);
    checkEntriesLimit(limit, limits);
    checkQueryLength(b, limits);
    const res = await admission.run(tenant, limits, ctx.signal, (signal) =>
      splitLogQuery((q) => querier.logQuery(tenant, expr, q, signal), { start: b.start, end: b.end, limit, direction, interval: 0n }, false));
    return json({ streams: legacyStreamsResult(res.entries), stats: statsJSON(res.stats, res.entries.length) });
  };
}
