import { parseLogSelector, type Matcher } from '@logi/logql';
import type { Limits } from '../app/config.js';
import type { StreamIndex } from '../ingester/types.js';
import { json, type Handler, type RequestContext } from '../app/http.js';
import { badRequest, HttpError } from './http-error.js';
import { checkQueryLength, parseBounds, parseDirection, parseDurationParam, parseLimit, parseStep, type Params, type TimeBounds } from './params.js';
import { parseQueryOrThrow } from './query-parse.js';

const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

type LimitsFor = (tenant: string) => Limits;

/** The request's time range, refused past the tenant's `max_query_length` as Loki's store does. */
function limitedBounds(tenant: string, p: Params, limitsFor: LimitsFor): TimeBounds {
  const b = parseBounds(p, nowNs());
  checkQueryLength(b, limitsFor(tenant));
  return b;
}

function optionalMatchers(p: Params): Matcher[] | undefined {
  const q = p.get('query');
  return q === undefined ? undefined : parseQueryOrThrow(() => parseLogSelector(q)).matchers;
}

type ListAnswer = (tenant: string, ctx: RequestContext, p: Params, b: TimeBounds) => string[];

/** A handler answering a sorted list of names or values; Loki omits `data` when it is empty, the legacy shape is `values`. */
function listHandler(list: ListAnswer, limitsFor: LimitsFor, legacy = false): Handler {
  return async (ctx) => {
    const tenant = ctx.tenant();
    const p = await ctx.params();
    const items = list(tenant, ctx, p, limitedBounds(tenant, p, limitsFor));
    if (legacy) return json({ values: items });
    return json(items.length ? { status: 'success', data: items } : { status: 'success' });
  };
}

/** GET|POST /loki/api/v1/labels (and /label, legacy /api/prom/label): indexed label names. */
export const labelsHandler = (reader: StreamIndex, limitsFor: LimitsFor, legacy: boolean): Handler =>
  listHandler((tenant, _ctx, p, b) => reader.labelNames(tenant, b.start, b.end, optionalMatchers(p)), limitsFor, legacy);

/** GET|POST /loki/api/v1/label/<name>/values. */
export const labelValuesHandler = (reader: StreamIndex, limitsFor: LimitsFor): Handler =>
  listHandler((tenant, ctx, p, b) => reader.labelValues(tenant, ctx.pathParams[0]!, b.start, b.end, optionalMatchers(p)), limitsFor);

/** GET|POST /loki/api/v1/series: label sets of the streams matching any `match[]` (or `match`) selector. */
export function seriesHandler(reader: StreamIndex, limitsFor: LimitsFor): Handler {
  return async (ctx) => {
    const tenant = ctx.tenant();
    const p = await ctx.params();
    const b = limitedBounds(tenant, p, limitsFor);
    const selectors = [...p.all('match[]'), ...p.all('match')].filter((s) => s !== '');
    const seen = new Map<string, Record<string, string>>();
    const groups = selectors.length === 0 || (selectors.length === 1 && /^\s*\{\s*\}\s*$/.test(selectors[0]!))
      ? [[] as Matcher[]]
      : selectors.map((s) => parseQueryOrThrow(() => parseLogSelector(s)).matchers);
    for (const matchers of groups) {
      for (const s of reader.selectStreams(tenant, matchers, b.start, b.end)) {
        if (!seen.has(s.key)) seen.set(s.key, Object.fromEntries(s.labels));
      }
    }
    return json({ status: 'success', data: [...seen.values()] });
  };
}

/** Tenant, parameters, bounds and the required `query` selector of the index endpoints. */
async function selectorRequest(ctx: RequestContext, limitsFor: LimitsFor): Promise<{ tenant: string; p: Params; b: TimeBounds; matchers: Matcher[] }> {
  const tenant = ctx.tenant();
  const p = await ctx.params();
  const b = limitedBounds(tenant, p, limitsFor);
  const q = p.get('query');
  if (q === undefined) throw badRequest('parse error : syntax error: unexpected $end');
  return { tenant, p, b, matchers: parseQueryOrThrow(() => parseLogSelector(q)).matchers };
}

/** GET|POST /loki/api/v1/index/stats: streams, chunks, entries and bytes of the matching streams. */
export function indexStatsHandler(reader: StreamIndex, limitsFor: LimitsFor): Handler {
  return async (ctx) => {
    const { tenant, b, matchers } = await selectorRequest(ctx, limitsFor);
    const s = reader.indexStats(tenant, matchers, b.start, b.end);
    return json({ streams: s.streams, chunks: s.chunks, bytes: s.bytes, entries: s.entries });
  };
}

/**
 * GET|POST /loki/api/v1/index/volume and volume_range: bytes per label set. By series (default) the
 * set is the labels named in the matchers or `targetLabels`; by labels it is one `{name: ""}` per name.
 */
export function volumeHandler(reader: StreamIndex, limitsFor: LimitsFor, range: boolean): Handler {
  return async (ctx) => {
    const { tenant, p, b, matchers } = await selectorRequest(ctx, limitsFor);
    const limitText = p.get('limit');
    const limit = limitText === undefined || limitText === '0' ? 100 : parseLimit(p);
    const aggregateBy = p.get('aggregateBy') ?? 'series';
    if (aggregateBy !== 'series' && aggregateBy !== 'labels') throw new HttpError(400, 'invalid aggregation option');
    const target = (p.get('targetLabels') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const names = target.length ? target : [...new Set(matchers.map((m) => m.name))];

    // volume_range is parsed as a range query in Loki: its step is bounded to 11,000 points
    const step = range ? rangeStep(p, b) : b.end - b.start;
    const buckets: bigint[] = [];
    if (range && step > 0n) for (let t = b.start + step; t < b.end; t += step) buckets.push(t - 1_000_000n);
    buckets.push(b.end);

    const series = reader.selectStreams(tenant, matchers, b.start, b.end);
    const volumes = new Map<string, { metric: Record<string, string>; perBucket: number[] }>();
    for (const s of series) {
      const keys: Record<string, string>[] = aggregateBy === 'labels'
        ? s.labels.map(([n]) => ({ [n]: '' }))
        : [Object.fromEntries(s.labels.filter(([n]) => names.includes(n)))];
      for (const metric of keys) {
        const key = JSON.stringify(metric);
        let v = volumes.get(key);
        if (!v) volumes.set(key, (v = { metric, perBucket: buckets.map(() => 0) }));
        let from = b.start;
        for (let i = 0; i < buckets.length; i++) {
          v.perBucket[i]! += reader.indexStats(tenant, s.labels.map(([name, value]) => ({ name, type: '=' as const, value })), from, buckets[i]!).bytes;
          from = buckets[i]!;
        }
      }
    }
    const sorted = [...volumes.values()].sort((x, y) => sum(y.perBucket) - sum(x.perBucket)).slice(0, limit);
    const secs = (ns: bigint): number => Number(ns / 1_000_000n) / 1000;
    const result = range && buckets.length > 1
      ? { resultType: 'matrix', result: sorted.map((v) => ({ metric: v.metric, values: v.perBucket.map((x, i) => [secs(buckets[i]!), String(x)]) })) }
      : { resultType: 'vector', result: sorted.map((v) => ({ metric: v.metric, value: [secs(b.end), String(sum(v.perBucket))] })) };
    return json({ status: 'success', data: result });
  };
}

/** Loki's ParseRangeQuery checks of volume_range: direction, step (11,000 points at most), interval. */
function rangeStep(p: Params, b: TimeBounds): bigint {
  parseDirection(p);
  const step = parseStep(p, b);
  const interval = p.get('interval');
  if (interval !== undefined) parseDurationParam(interval);
  return step;
}

const sum = (xs: number[]): number => xs.reduce((a, x) => a + x, 0);
