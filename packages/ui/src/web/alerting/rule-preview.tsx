// What a rule's expression returns over the last hours, before it is saved: the range query graphed, and each
// series' latest value (for an alerting rule, the series present at the end are the alerts it would have now).
import { useEffect, useState } from 'preact/hooks';
import { queryRange, type MatrixResult } from '../api/loki.js';
import { stepSeconds } from '../explore/interval.js';
import { metricGraph, seriesName } from '../graph/series.js';
import { TimeSeries } from '../graph/time-series.js';
import { formatDateTime } from '../shell/time-range.js';
import { formatSpan } from './durations.js';

export const PREVIEW_HOURS = [1, 3, 6, 12, 24];
const GRAPH_WIDTH_PX = 1000;

type Preview = { state: 'idle' } | { state: 'loading' } | { state: 'error'; message: string }
  | { state: 'done'; result: MatrixResult[]; fromMs: number; toMs: number; stepSec: number };

/** `expr` is run when it changes (the editor passes only expressions that parse as metric queries) or `runs` grows. */
export function RulePreview({ expr, kind, hours, runs }: { expr: string; kind: 'alert' | 'record'; hours: number; runs: number }) {
  const [preview, setPreview] = useState<Preview>({ state: 'idle' });
  useEffect(() => {
    if (!expr) { setPreview({ state: 'idle' }); return undefined; }
    const abort = new AbortController();
    const toMs = Date.now();
    const fromMs = toMs - hours * 3600_000;
    const stepSec = stepSeconds(toMs - fromMs, GRAPH_WIDTH_PX);
    setPreview({ state: 'loading' });
    queryRange({ query: expr, startMs: fromMs, endMs: toMs, stepSeconds: stepSec }, abort.signal).then(
      (r) => { if (!abort.signal.aborted) setPreview({ state: 'done', result: r.data.resultType === 'matrix' ? r.data.result : [], fromMs, toMs, stepSec }); },
      (e: unknown) => { if (!abort.signal.aborted) setPreview({ state: 'error', message: (e as Error).message }); },
    );
    return () => abort.abort();
  }, [expr, hours, runs]);

  if (preview.state === 'idle') return <div class="rule-preview muted" data-state="idle">The preview shows once the expression is a valid metric query.</div>;
  if (preview.state === 'loading') return <div class="rule-preview loading" data-state="loading">Running the expression over the last {hours}h…</div>;
  if (preview.state === 'error') return <div class="rule-preview panel-error" data-state="error" role="alert">{preview.message}</div>;
  const { result, fromMs, toMs, stepSec } = preview;
  const graph = metricGraph(result, undefined);
  // the series with a sample at the last step: what the rule returns if evaluated now
  const lastStepSec = toMs / 1000 - stepSec;
  const latest = result.map((r) => ({ name: seriesName(r.metric, undefined), last: r.values[r.values.length - 1]! }));
  return (
    <div class="rule-preview" data-state="done" data-series={result.length}>
      <div class="muted">{result.length} series over the last {hours}h (step {formatSpan(stepSec * 1000)})</div>
      {result.length > 0 && (
        <>
          <TimeSeries x={graph.x} xRange={[fromMs / 1000, toMs / 1000]} series={graph.series} mode="lines" height={200} utc={false} onZoom={() => undefined} />
          <table class="preview-series">
            <thead><tr><th>Series</th><th>Latest value</th><th>At</th><th>{kind === 'alert' ? 'Would be active now' : 'Returned now'}</th></tr></thead>
            <tbody>
              {latest.map((s) => (
                <tr key={s.name} class="preview-row"><td class="series-name">{s.name}</td><td class="value">{s.last[1]}</td>
                  <td>{formatDateTime(s.last[0] * 1000, false)}</td><td>{s.last[0] >= lastStepSec ? 'yes' : 'no'}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
