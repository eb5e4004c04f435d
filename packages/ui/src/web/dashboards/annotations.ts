// Grafana's dashboard annotations: each enabled entry of `annotations.list` with a Loki or Prometheus data source.
// A Loki entry runs its `expr` (variables filled in) as a log query over the dashboard's range, as Grafana's Loki data
// source sends it (query_range, newest first, `maxLines`), and each line found becomes a marker at its time: its
// title from `titleFormat`, its text from `textFormat` or else the line, its tags the values of the labels `tagKeys`
// names (of every label when unset). A Prometheus entry's series become regions (prometheus-annotations.ts).
// Grafana's built-in "Annotations & Alerts" entry is Grafana's own store: it is skipped.
import { queryRange } from '../api/loki.js';
import { stepSeconds } from '../explore/interval.js';
import type { ResolvedRange } from '../shell/time-range.js';
import type { AnnotationQuery, Panel, VariableOption } from './model.js';
import { prometheusEvents, renderFormat } from './prometheus-annotations.js';
import { interpolate, type VariableValues } from './variables.js';

export interface Annotation {
  timeMs: number;
  /** a region's end (Grafana's timeEnd): from timeMs to this */
  timeEndMs?: number;
  title: string;
  text: string;
  tags: string[];
  color: string;
  /** the entry's name */
  source: string;
  /** Grafana's `filter`: the panels (by id) the marker is shown on, or kept off when `exclude` */
  filter?: AnnotationQuery['filter'];
}

/** Grafana's default maxLines for Loki log queries. */
const MAX_LINES = 1000;
/** Grafana's default annotation colour. */
export const ANNOTATION_COLOR = 'rgba(0, 211, 255, 1)';

const sourceOf = (a: AnnotationQuery): { type?: string; uid?: string } =>
  typeof a.datasource === 'string' ? { uid: a.datasource } : a.datasource ?? {};

/** A Prometheus entry: its series become regions. */
export const isPrometheusEntry = (a: AnnotationQuery): boolean => sourceOf(a).type === 'prometheus';

/** Grafana's own annotations (its database and alerts), which Logi has not: skipped without a word. */
export const isGrafanaBuiltIn = (a: AnnotationQuery): boolean =>
  a.builtIn === 1 || sourceOf(a).type === 'grafana' || sourceOf(a).uid === '-- Grafana --';

/** The data source types whose annotations Logi reads. */
export const ANNOTATION_SOURCE_TYPES = ['loki', 'prometheus'] as const;

/** Why Logi does not run an entry (its data source or its query), or undefined when it does. */
export function unreadReason(a: AnnotationQuery): string | undefined {
  const type = sourceOf(a).type;
  if (type !== undefined && !(ANNOTATION_SOURCE_TYPES as readonly string[]).includes(type)) return `its data source is “${type}”; Logi reads Loki and Prometheus annotations only`;
  if (!(a.expr ?? a.target?.expr)) return 'it has no query (expr)';
  return undefined;
}

/** One entry's markers over `range`. */
export async function loadAnnotations(
  a: AnnotationQuery, values: VariableValues, options: ReadonlyMap<string, VariableOption[]>, range: ResolvedRange, signal: AbortSignal,
): Promise<Annotation[]> {
  // $__interval as a graph as wide as the page would have it
  const builtIns = { rangeSec: (range.toMs - range.fromMs) / 1000, intervalSec: stepSeconds(range.toMs - range.fromMs, window.innerWidth), instant: false };
  const expr = interpolate((a.expr ?? a.target?.expr)!, values, options, builtIns);
  const shown = { color: a.iconColor || ANNOTATION_COLOR, source: a.name, filter: a.filter };
  if (isPrometheusEntry(a)) {
    const step = a.step ?? a.target?.interval;
    const events = await prometheusEvents(a, sourceOf(a).uid ?? 'prometheus', expr, step === undefined ? undefined : interpolate(step, values, options, builtIns), range, signal);
    return events.map((e) => ({ ...e, ...shown }));
  }
  const answer = await queryRange({ query: expr, startMs: range.fromMs, endMs: range.toMs, limit: a.maxLines ?? MAX_LINES }, signal);
  if (answer.data.resultType !== 'streams') throw new Error(`annotation “${a.name}”: ${expr} is a metric query; Loki annotations need a log query`);
  const keys = (a.tagKeys ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  return answer.data.result.flatMap((s) => s.values.map(([ns, line]) => {
    // tags: the label values (of the keys named, when some are), each once
    const tags = [...new Set(Object.entries(s.stream).filter(([k, v]) => v.trim() !== '' && (keys.length === 0 || keys.includes(k))).map(([, v]) => v.trim()))];
    return { timeMs: Number(BigInt(ns) / 1_000_000n), title: renderFormat(a.titleFormat, s.stream), text: renderFormat(a.textFormat, s.stream) || line, tags, ...shown };
  }));
}

/** The markers panel `p` shows: those whose entry's filter lets it (as Grafana's: "Selected panels" with none chosen shows none). */
export function annotationsOf(p: Panel, all: readonly Annotation[]): Annotation[] {
  return all.filter((a) => !a.filter || (a.filter.ids ?? []).includes(p.id ?? -1) !== (a.filter.exclude === true));
}
