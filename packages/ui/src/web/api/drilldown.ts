// The Loki resources Grafana's Logs Drilldown reads besides query_range, asked as Drilldown asks them: start and end
// as RFC 3339 times, the service volume with limit 5000, the patterns at the panel's step.
import { quoted } from './logql-string.js';
import { get } from './loki.js';
import type { ResolvedRange } from '../shell/time-range.js';

export interface ServiceVolume { service: string; bytes: number }
export interface DetectedLabel { label: string; cardinality: number }
export interface LokiPattern { pattern: string; level?: string; samples: Array<[number, number]> }

const span = (r: ResolvedRange) => ({ start: new Date(r.fromMs).toISOString(), end: new Date(r.toMs).toISOString() });

/**
 * Bytes per service in the range, largest first: index/volume by the selector's label, as Drilldown's service list.
 * `search` is a regular expression a service's name contains, matched ignoring case as Drilldown's search box does.
 */
export async function serviceVolumes(range: ResolvedRange, search: string, signal?: AbortSignal): Promise<ServiceVolume[]> {
  type Answer = { data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  const query = `{service_name=~${quoted(search ? `(?i).*${search}.*` : '.+')}}`;
  const answer = await get<Answer>('loki/api/v1/index/volume', { query, limit: 5000, ...span(range) }, signal);
  return (answer.data?.result ?? [])
    .map((r) => ({ service: r.metric.service_name ?? '', bytes: Number(r.value[1]) }))
    .filter((v) => v.service !== '')
    .sort((a, b) => b.bytes - a.bytes);
}

/** Drilldown leaves Loki's internal labels out. */
const INTERNAL_LABELS = ['__aggregated_metric__', '__stream_shard__'];

export async function detectedLabels(selector: string, range: ResolvedRange, signal?: AbortSignal): Promise<DetectedLabel[]> {
  const answer = await get<{ detectedLabels?: DetectedLabel[] }>('loki/api/v1/detected_labels', { query: selector, ...span(range) }, signal);
  return (answer.detectedLabels ?? []).filter((l) => !INTERNAL_LABELS.includes(l.label));
}

export async function patterns(selector: string, range: ResolvedRange, stepSec: number, signal?: AbortSignal): Promise<LokiPattern[]> {
  const answer = await get<{ data?: LokiPattern[] }>('loki/api/v1/patterns', { query: selector, step: `${stepSec}s`, ...span(range) }, signal);
  return answer.data ?? [];
}
