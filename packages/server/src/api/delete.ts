// The log deletion API as Loki's compactor serves it: POST|PUT /loki/api/v1/delete adds a request, GET lists
// the tenant's requests, DELETE cancels one within the cancel period. Served only with
// compactor.retention_enabled, as in Loki; a tenant whose deletion_mode is `disabled` is refused.
import { parseExpr } from '@logi/logql';
import type { Config, Limits } from '../app/config.js';
import { json, type Handler, type RequestContext, type Reply } from '../app/http.js';
import type { DeleteRequest, DeleteRequests } from '../compactor/delete-requests.js';
import { HttpError } from './http-error.js';

const badRequest = (msg: string): HttpError => new HttpError(400, msg);

/** Loki's time parameters here: RFC3339, or Unix seconds written with exactly 10 digits; empty is now. */
function parseTimeMs(raw: string | null): number | undefined {
  if (raw === null || raw === '') return Date.now();
  if (/^\d{10}$/.test(raw)) return Number(raw) * 1000;
  const ms = /^\d{4}-\d\d-\d\dT/.test(raw) ? Date.parse(raw) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** Go's time.Duration text for whole hours, minutes and seconds (24h → 24h0m0s). */
function goDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m${s % 60}s`;
}

/** A model.Time as Prometheus writes it in JSON: seconds, with the milliseconds when there are any. */
const seconds = (ms: number): number => ms / 1000;

function view(r: DeleteRequest): Record<string, unknown> {
  return { request_id: r.requestId, start_time: seconds(r.startMs), end_time: seconds(r.endMs), query: r.query, status: r.processedMs === undefined ? 'received' : 'processed', created_at: seconds(r.createdMs), user_id: '' };
}

const noContent = (headers?: Record<string, string>): Reply => ({ status: 204, headers });

/** One handler for the route: POST and PUT add, GET lists, DELETE cancels. */
export function deleteHandler(requests: DeleteRequests, config: Config, limitsFor: (tenant: string) => Limits): Handler {
  const tenantOf = (ctx: RequestContext): string => {
    const tenant = ctx.tenant();
    if (limitsFor(tenant).deletionMode === 'disabled') throw new HttpError(403, 'deletion is not available for this tenant');
    return tenant;
  };
  const add: Handler = async (ctx) => {
    const tenant = tenantOf(ctx);
    const q = ctx.url.searchParams;
    const query = q.get('query') ?? '';
    if (query === '') throw badRequest('query not set');
    let hasFilter: boolean;
    try {
      const expr = parseExpr(query);
      if (expr.kind !== 'log_selector') throw new Error('not a log query');
      hasFilter = expr.pipeline.length > 0;
    } catch {
      throw badRequest('invalid query expression');
    }
    const start = q.get('start') ?? '';
    if (start === '') throw badRequest('start time not set');
    const startMs = parseTimeMs(start);
    if (startMs === undefined) throw badRequest('invalid start time: require unix seconds or RFC3339 format');
    const endMs = parseTimeMs(q.get('end'));
    if (endMs === undefined) throw badRequest('invalid end time: require unix seconds or RFC3339 format');
    if (endMs > Date.now()) throw badRequest('deletes in the future are not allowed');
    if (startMs >= endMs) throw badRequest("start time can't be greater than or equal to end time");
    const interval = q.get('max_interval');
    if (hasFilter && interval !== null && interval !== '') checkMaxInterval(interval, config.compactor.deleteMaxIntervalMs, endMs - startMs);
    const r = await requests.add(tenant, query, startMs, endMs);
    console.log(`level=info msg="delete request for user added" delete_request_id=${r.requestId} user=${tenant} query=${JSON.stringify(query)}`);
    return noContent({ 'X-Delete-Request-ID': r.requestId });
  };
  const cancel: Handler = async (ctx) => {
    const tenant = tenantOf(ctx);
    const q = ctx.url.searchParams;
    const r = requests.get(tenant, q.get('request_id') ?? '');
    if (r === undefined) throw new HttpError(404, 'could not find delete request with given id');
    const period = config.compactor.deleteRequestCancelPeriodMs;
    if (r.createdMs + period < Date.now() && q.get('force') !== 'true') {
      throw badRequest(`Cancellation of partially completed delete request or delete request past the deadline of ${goDuration(period)} since its creation is not allowed. To force, use the ?force query parameter`);
    }
    await requests.cancel(tenant, r.requestId);
    return noContent();
  };
  return async (ctx) => {
    if (ctx.req.method === 'GET') return json(requests.list(tenantOf(ctx)).map(view));
    return ctx.req.method === 'DELETE' ? cancel(ctx) : add(ctx);
  };
}

/** max_interval as Loki checks it (it shards long requests by it; Logi filters them whole). */
function checkMaxInterval(raw: string, maxMs: number, spanMs: number): void {
  const m = /^(\d+(?:\.\d+)?)(h|m|s)$/.exec(raw);
  const ms = m === null ? NaN : Number(m[1]) * { h: 3600_000, m: 60_000, s: 1000 }[m[2] as 'h' | 'm' | 's'];
  if (Number.isNaN(ms) || ms < 1000) throw badRequest("invalid max_interval: valid time units are 's', 'm', 'h'");
  if (maxMs !== 0 && ms > maxMs) throw badRequest(`max_interval can't be greater than ${goDuration(maxMs)}`);
  if (ms > spanMs) throw badRequest(`max_interval can't be greater than the interval to be deleted (${goDuration(spanMs)})`);
}
