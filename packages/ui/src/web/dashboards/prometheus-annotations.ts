// Grafana's annotations from a Prometheus data source: the entry's `expr` run as a range query over the dashboard's
// range, through Logi's data source proxy, as Grafana 11 runs it (its `step` the smallest step, else the data source's
// 15 s; the step widens with the range over the page's width; start and end aligned to the step). Each series' runs
// of samples above 0 become one region from the run's first sample to its last, samples at most a step apart joining
// a run (Grafana's processEvents); with `useValueForTime` a sample's value is its time in ms. The title and text are
// `titleFormat` and `textFormat` with {{label}} filled in, the tags the values of the labels `tagKeys` names.
import type { MatrixResult } from '../api/loki.js';
import { promQueryRange } from '../api/prometheus.js';
import { parsePromDuration } from '../alerting/durations.js';
import { stepSeconds } from '../explore/interval.js';
import { seriesName } from '../graph/series.js';
import type { ResolvedRange } from '../shell/time-range.js';
import type { AnnotationQuery } from './model.js';
import { PROMETHEUS_MIN_STEP_SEC } from './panel-data.js';

/** A region (or, when `timeEndMs` is `timeMs`, one time) and what it says. */
export interface PrometheusEvent { timeMs: number; timeEndMs: number; title: string; text: string; tags: string[] }

/** An entry's `step` (Grafana 11 moves it into target.interval), in seconds; undefined when unset. */
function minStepSec(step: string | undefined): number | undefined {
  if (step === undefined || step.trim() === '') return undefined;
  const ms = parsePromDuration(step);
  if (ms === undefined || ms === 0) throw new Error(`its step “${step}” is not a duration (such as 30s, 1m or 1h)`);
  return ms / 1000;
}

/** The step Grafana's Prometheus backend runs the query at: the minimum or the range over the width, whichever is longer. */
const annotationStepSec = (range: ResolvedRange, minSec: number | undefined): number =>
  Math.max(minSec ?? PROMETHEUS_MIN_STEP_SEC, stepSeconds(range.toMs - range.fromMs, window.innerWidth));

/** `format` with {{label}} filled in from `labels`, as Grafana's renderLegendFormat; '' when unset. */
export const renderFormat = (format: string | undefined, labels: Record<string, string>): string => (format ? seriesName(labels, format) : '');

/** One series' runs of active samples as events, joined when at most `stepMs` apart. */
function seriesEvents(a: AnnotationQuery, s: MatrixResult, stepMs: number): PrometheusEvent[] {
  const keys = (a.tagKeys ?? '').split(',').map((k) => k.trim());
  const tags = Object.entries(s.metric).filter(([k]) => keys.includes(k)).map(([, v]) => v);
  const title = renderFormat(a.titleFormat, s.metric);
  const text = renderFormat(a.textFormat, s.metric);
  const active = s.values.flatMap(([t, v]) => {
    const [timeMs, value] = a.useValueForTime ? [Math.floor(parseFloat(v)), 1] : [Math.floor(t * 1000), parseFloat(v)];
    return value > 0 ? [timeMs] : [];
  });
  const events: PrometheusEvent[] = [];
  for (const timeMs of active) {
    const open = events.at(-1);
    if (open && open.timeEndMs + stepMs >= timeMs) open.timeEndMs = timeMs;
    else events.push({ timeMs, timeEndMs: timeMs, title, text, tags: [...tags] });
  }
  return events;
}

/** The entry's events over `range`; `expr` and `step` with the variables filled in. */
export async function prometheusEvents(a: AnnotationQuery, uid: string, expr: string, step: string | undefined, range: ResolvedRange, signal: AbortSignal): Promise<PrometheusEvent[]> {
  const stepSec = annotationStepSec(range, minStepSec(step));
  const stepMs = stepSec * 1000;
  // aligned as Grafana aligns them: the same range gives the same samples
  const startMs = Math.floor(range.fromMs / stepMs) * stepMs;
  const endMs = Math.floor(range.toMs / stepMs) * stepMs;
  const answer = await promQueryRange(uid, expr, startMs, endMs, stepSec, signal);
  if (answer.data.resultType !== 'matrix') return [];
  return (answer.data.result as MatrixResult[]).flatMap((s) => seriesEvents(a, s, stepMs));
}
