// Prometheus's query API through Logi's Grafana-style data source proxy (/api/datasources/proxy/uid/<uid>/…), for
// dashboard panels whose data source is a provisioned Prometheus: it answers in the shapes Loki's metric queries use.
import { get, type QueryResponse } from './loki.js';

export interface DataSource { uid: string; name: string; type: string; url: string; isDefault: boolean }

let listed: Promise<DataSource[]> | undefined;

/** Grafana's /api/datasources, once per page load (the provisioned list changes only with a restart). */
export function dataSources(): Promise<DataSource[]> {
  listed ??= get<DataSource[]>('api/datasources', {}).catch((e: unknown) => {
    listed = undefined;
    throw e;
  });
  return listed;
}

/** The message of an error answer: Prometheus's {"status":"error","error":…} or the proxy's {"message":…} (502). */
function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: string; message?: string };
    return parsed.error ?? parsed.message ?? body;
  } catch {
    return body;
  }
}

async function proxied<T = QueryResponse>(uid: string, endpoint: string, params: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<T> {
  if (!(await dataSources()).some((d) => d.uid === uid && d.type === 'prometheus')) {
    throw new Error(`Prometheus data source “${uid}” is not configured in Logi (-datasources.provisioning)`);
  }
  try {
    return await get<T>(`api/datasources/proxy/uid/${encodeURIComponent(uid)}/api/v1/${endpoint}`, params, signal);
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new Error(errorText((e as Error).message));
  }
}

export function promQueryRange(uid: string, query: string, startMs: number, endMs: number, stepSec: number, signal?: AbortSignal): Promise<QueryResponse> {
  return proxied(uid, 'query_range', { query, start: startMs / 1000, end: endMs / 1000, step: stepSec }, signal);
}

export function promQuery(uid: string, query: string, timeMs: number, signal?: AbortSignal): Promise<QueryResponse> {
  return proxied(uid, 'query', { query, time: timeMs / 1000 }, signal);
}

/** Label names over the range, of the series `match` selects when given (Grafana's label_names(match) on Prometheus). */
export async function promLabelNames(uid: string, startMs: number, endMs: number, match?: string): Promise<string[]> {
  return (await proxied<{ data?: string[] }>(uid, 'labels', { start: startMs / 1000, end: endMs / 1000, 'match[]': match })).data ?? [];
}

/** The series `match` selects over the range, each its labels (`__name__` the metric). */
export async function promSeries(uid: string, match: string, startMs: number, endMs: number): Promise<Array<Record<string, string>>> {
  return (await proxied<{ data?: Array<Record<string, string>> }>(uid, 'series', { start: startMs / 1000, end: endMs / 1000, 'match[]': match })).data ?? [];
}

/** Values of one label over the range, of the series `match` selects when given, as Grafana 11 asks for them. */
export async function promLabelValues(uid: string, label: string, startMs: number, endMs: number, match?: string): Promise<string[]> {
  const path = `label/${encodeURIComponent(label)}/values`;
  return (await proxied<{ data?: string[] }>(uid, path, { start: startMs / 1000, end: endMs / 1000, 'match[]': match })).data ?? [];
}
