import { isLogExpr, parseExpr, type LogSelectorExpr } from '@logi/logql';
import type { Limits } from '../app/config.js';
import type { QueryAdmission } from '../frontend/query-admission.js';
import { json, type Handler, type RequestContext } from '../app/http.js';
import { detectedFieldValues, detectFields } from '../querier/detected-fields.js';
import type { LogEntryOut } from '../querier/log-result.js';
import type { Querier } from '../querier/querier.js';
import { badRequest } from './http-error.js';
import { checkQueryLength, parseBounds, parsePositiveInt, parseStep } from './params.js';
import { parseQueryOrThrow } from './query-parse.js';

const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

interface FieldsRequest {
  tenant: string;
  limits: Limits;
  expr: LogSelectorExpr;
  start: bigint;
  end: bigint;
  lineLimit: number;
  /** fields (or values) answered at most */
  limit: number;
}

/** Validates as Loki does, in its order: bounds, line_limit, limit (or legacy field_limit), step, query, entries limit. */
async function fieldsRequest(ctx: RequestContext, limitsFor: (t: string) => Limits): Promise<FieldsRequest> {
  const tenant = ctx.tenant();
  const p = await ctx.params();
  const b = parseBounds(p, nowNs());
  const lineLimit = parsePositiveInt(p, 'line_limit', 100);
  const limit = parsePositiveInt(p, p.get('limit') !== undefined ? 'limit' : 'field_limit', 1000);
  parseStep(p, b);
  const expr = parseQueryOrThrow(() => parseExpr(p.get('query') ?? ''));
  if (!isLogExpr(expr)) throw badRequest('only log selector is supported');
  const limits = limitsFor(tenant);
  if (lineLimit > limits.maxEntriesLimitPerQuery) {
    throw badRequest(`max entries limit per query exceeded, limit > max_entries_limit_per_query (${lineLimit} > ${limits.maxEntriesLimitPerQuery})`);
  }
  checkQueryLength(b, limits);
  return { tenant, limits, expr, start: b.start, end: b.end, lineLimit, limit };
}

/** The newest `line_limit` entries of the query, which is all Loki looks at; queued and timed out as any query. */
async function sampleEntries(querier: Querier, admission: QueryAdmission, ctx: RequestContext, r: FieldsRequest): Promise<LogEntryOut[]> {
  const res = await admission.run(r.tenant, r.limits, ctx.signal, (signal) =>
    querier.logQuery(r.tenant, r.expr, { start: r.start, end: r.end, limit: r.lineLimit, direction: 'backward', interval: 0n }, signal));
  return res.entries;
}

/** GET|POST /loki/api/v1/detected_fields. An empty answer is `{}`: Loki omits empty fields and the limit. */
export function detectedFieldsHandler(querier: Querier, limitsFor: (t: string) => Limits, admission: QueryAdmission): Handler {
  return async (ctx) => {
    const r = await fieldsRequest(ctx, limitsFor);
    const fields = detectFields(await sampleEntries(querier, admission, ctx, r), r.limit);
    return json(fields.length ? { fields, limit: r.limit } : {});
  };
}

/** GET|POST /loki/api/v1/detected_field/<name>/values. */
export function detectedFieldValuesHandler(querier: Querier, limitsFor: (t: string) => Limits, admission: QueryAdmission): Handler {
  return async (ctx) => {
    const r = await fieldsRequest(ctx, limitsFor);
    const values = detectedFieldValues(await sampleEntries(querier, admission, ctx, r), ctx.pathParams[0]!, r.limit);
    return json(values.length ? { values, limit: r.limit } : {});
  };
}
