// Query variables of a Prometheus data source, as Grafana's Prometheus data source reads them: `label_names()`,
// `label_names(match)`, `label_values(label)`, `label_values(metric or selector, label)`, `metrics(regex)`,
// `query_result(expr)` and a bare series selector (string form, or Grafana 10+'s object form carrying the same text in
// `query`), answered through Logi's data source proxy.
import { dataSources, promLabelNames, promLabelValues, promQuery, promSeries } from '../api/prometheus.js';
import type { VectorResult } from '../api/loki.js';
import type { ResolvedRange } from '../shell/time-range.js';
import type { Variable } from './model.js';

/** The uid of the Prometheus the variable queries, if its data source is one (a string is a name or uid). */
export async function prometheusSourceOf(v: Variable): Promise<string | undefined> {
  const ds = v.datasource;
  if (typeof ds === 'object' && ds !== null) return ds.type === 'prometheus' ? ds.uid ?? 'prometheus' : undefined;
  if (typeof ds !== 'string' || ds === '') return undefined;
  // Grafana before 8.3 named the data source by its name; only a Prometheus listed by Logi answers to it
  const found = (await dataSources().catch(() => [])).find((d) => d.type === 'prometheus' && (d.name === ds || d.uid === ds));
  return found?.uid;
}

export type PrometheusVariableQuery =
  | { kind: 'label_names'; match?: string }
  | { kind: 'metrics'; regex: string }
  | { kind: 'series'; match: string }
  | { kind: 'label_values'; label: string; match?: string }
  | { kind: 'query_result'; expr: string };

/**
 * The variable's query text parsed, or undefined when it is empty; text of none of Grafana's functions is a series
 * selector, as Grafana's Prometheus reads it (Prometheus says what is wrong with one that is not).
 */
export function parsePrometheusQuery(text: string): PrometheusVariableQuery | undefined {
  const q = text.trim();
  const names = /^label_names\(\s*(.*?)\s*\)$/s.exec(q);
  if (names) return { kind: 'label_names', match: names[1] || undefined };
  const metrics = /^metrics\(\s*(.*?)\s*\)$/s.exec(q);
  if (metrics) return { kind: 'metrics', regex: metrics[1]! };
  const values = /^label_values\(\s*(?:(.+?)\s*,\s*)?([a-zA-Z_]\w*)\s*\)$/s.exec(q);
  if (values) return { kind: 'label_values', label: values[2]!, match: values[1] };
  const result = /^query_result\(\s*(.+?)\s*\)$/s.exec(q);
  if (result) return { kind: 'query_result', expr: result[1]! };
  return q === '' ? undefined : { kind: 'series', match: q };
}

/** A series as Grafana's Prometheus writes it for a variable: `name{label="value",…}`. */
function seriesText(labels: Record<string, string>): string {
  const { __name__: name = '', ...rest } = labels;
  return `${name}{${Object.entries(rest).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
}

/**
 * One sample as Grafana's query_result gives it to the variable's regex: `name{label="value",…} value timestampMs`.
 */
const sampleText = (s: VectorResult): string => `${seriesText(s.metric)} ${s.value[1]} ${s.value[0] * 1000}`;

/** The values the query finds, before the variable's regex and sort; `q`'s texts already have variables filled in. */
export async function prometheusVariableValues(uid: string, q: PrometheusVariableQuery, range: ResolvedRange): Promise<string[]> {
  switch (q.kind) {
    case 'label_names':
      return promLabelNames(uid, range.fromMs, range.toMs, q.match);
    case 'metrics': {
      // Grafana's: every metric name over the range, kept where the regex (unanchored) matches
      let pattern: RegExp;
      try { pattern = new RegExp(q.regex); } catch (e) { throw new Error(`metrics(${q.regex}): ${(e as Error).message}`); }
      return (await promLabelValues(uid, '__name__', range.fromMs, range.toMs)).filter((name) => pattern.test(name));
    }
    case 'series':
      return (await promSeries(uid, q.match, range.fromMs, range.toMs)).map(seriesText);
    case 'label_values':
      return promLabelValues(uid, q.label, range.fromMs, range.toMs, q.match);
    case 'query_result': {
      const r = await promQuery(uid, q.expr, range.toMs);
      if (r.data.resultType !== 'vector') throw new Error(`query_result(${q.expr}) answers a ${r.data.resultType}; it needs an instant vector`);
      return (r.data.result as VectorResult[]).map(sampleText);
    }
  }
}
