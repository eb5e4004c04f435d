// The public Loki HTTP API that Grafana's Loki data source uses, and nothing else: the UI works against real Loki too.
// Range queries for Explore (query_range answers streams or a matrix); instant ones for dashboards' pie and bar charts.
import { currentTenant, markTenantNeeded } from './tenant.js';

export type Labels = Record<string, string>;
/** With Grafana's categorize-labels flag an entry's third element says which labels are metadata and parsed. */
export interface EntryLabels { structuredMetadata?: Labels; parsed?: Labels }
export interface StreamResult { stream: Labels; values: Array<[string, string, EntryLabels?]> }
export interface MatrixResult { metric: Labels; values: Array<[number, string]> }
export interface VectorResult { metric: Labels; value: [number, string] }

export interface QueryStats {
  summary?: { execTime?: number; totalBytesProcessed?: number; totalLinesProcessed?: number };
}

export type QueryData =
  | { resultType: 'streams'; result: StreamResult[]; stats?: QueryStats }
  | { resultType: 'matrix'; result: MatrixResult[]; stats?: QueryStats }
  | { resultType: 'vector' | 'scalar' | 'string'; result: unknown; stats?: QueryStats };

export interface QueryResponse { status: string; data: QueryData; warnings?: string[] }
export interface DetectedField { label: string; type: string; cardinality: number; parsers: string[] | null }

export type Params = Record<string, string | number | undefined>;

/** Nanoseconds since the epoch, as Loki's start and end take them. */
const nanos = (ms: number): string => `${Math.round(ms)}000000`;

function search(params: Params): URLSearchParams {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, String(v));
  return query;
}

export async function get<T>(path: string, params: Params, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<T> {
  const tenant = currentTenant();
  // Relative to <base href>: below server.http_path_prefix too.
  const res = await fetch(`${path}?${search(params)}`, { headers: { ...headers, ...(tenant ? { 'X-Scope-OrgID': tenant } : {}) }, signal });
  const body = await res.text();
  if (!res.ok) {
    const message = body.trim();
    if (res.status === 401 && message === 'no org id') markTenantNeeded();
    throw new Error(message || `${res.status} ${res.statusText}`);
  }
  return JSON.parse(body) as T;
}

export interface RangeParams {
  query: string; startMs: number; endMs: number; limit?: number; stepSeconds?: number;
  /** nanosecond bounds that override the millisecond ones, for pages that start exactly at a line's time */
  startNs?: string; endNs?: string;
  /** newest lines first unless 'forward', as Grafana asks */
  direction?: 'backward' | 'forward';
  /** entries carry their structured metadata and parsed labels apart (Grafana's categorize-labels) */
  categorize?: boolean;
}

export function queryRange(p: RangeParams, signal?: AbortSignal): Promise<QueryResponse> {
  return get('loki/api/v1/query_range', {
    query: p.query, start: p.startNs ?? nanos(p.startMs), end: p.endNs ?? nanos(p.endMs), limit: p.limit,
    step: p.stepSeconds === undefined ? undefined : `${p.stepSeconds}s`, direction: p.direction ?? 'backward',
  }, signal, p.categorize ? { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' } : {});
}

/**
 * The live tail's WebSocket URL. A browser cannot set headers on a WebSocket, so the tenant goes as the
 * `X-Scope-OrgID` query parameter, which Logi's tail reads when the header is absent.
 */
export function tailUrl(query: string, startMs: number, limit: number): string {
  const url = new URL(`loki/api/v1/tail?${search({ query, start: nanos(startMs), limit, 'X-Scope-OrgID': currentTenant() || undefined })}`, document.baseURI);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** An instant query at `timeMs` (Grafana's instant queries on dashboards: pie and bar charts over $__range). */
export function queryInstant(query: string, timeMs: number, signal?: AbortSignal): Promise<QueryResponse> {
  return get('loki/api/v1/query', { query, time: nanos(timeMs) }, signal);
}

export async function labelNames(startMs: number, endMs: number): Promise<string[]> {
  return (await get<{ data?: string[] }>('loki/api/v1/labels', { start: nanos(startMs), end: nanos(endMs) })).data ?? [];
}

/** Values of one label; `selector` restricts them to the streams it matches, as Grafana asks. */
export async function labelValues(name: string, startMs: number, endMs: number, selector?: string): Promise<string[]> {
  const path = `loki/api/v1/label/${encodeURIComponent(name)}/values`;
  return (await get<{ data?: string[] }>(path, { start: nanos(startMs), end: nanos(endMs), query: selector })).data ?? [];
}

export async function detectedFields(query: string, startMs: number, endMs: number): Promise<DetectedField[]> {
  return (await get<{ fields?: DetectedField[] }>('loki/api/v1/detected_fields', { query, start: nanos(startMs), end: nanos(endMs) })).fields ?? [];
}

export async function formatQuery(query: string): Promise<string> {
  return (await get<{ data: string }>('loki/api/v1/format_query', { query })).data;
}

