// What a query returned: for a log query the volume histogram above the lines, for a metric query a graph or a
// table; the query stats and any warnings of the response under it.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { QueryResponse } from '../api/loki.js';
import { metricGraph, volumeGraph, type Graph } from '../graph/series.js';
import { TimeSeries } from '../graph/time-series.js';
import type { LogOptions } from '../logs/log-options.js';
import { LogsPanel } from '../logs/logs-panel.js';
import { formatBytes } from '../shell/bytes.js';
import { formatDateTime } from '../shell/time-range.js';
import type { QueryResult } from './query-runner.js';
import type { MetricView } from './url-state.js';

interface Props {
  result: QueryResult;
  /** the query run: the live tail, older lines and filter buttons start from it */
  expr: string;
  legendFormat: string | undefined;
  utc: boolean;
  metricView: MetricView;
  onMetricView(view: MetricView): void;
  onZoom(fromMs: number, toMs: number): void;
  logOptions: LogOptions;
  onLogOptions(options: LogOptions): void;
  /** runs this query with another expression (a row's filter button) */
  onExpr(expr: string): void;
}

function Stats({ response }: { response: QueryResponse }) {
  const s = response.data.stats?.summary;
  if (!s) return null;
  return (
    <div class="query-stats" data-testid="query-stats">
      Processed {formatBytes(s.totalBytesProcessed ?? 0)}, {(s.totalLinesProcessed ?? 0).toLocaleString('en-US')} lines in {(s.execTime ?? 0).toFixed(3)} s
    </div>
  );
}

export function Warnings({ warnings }: { warnings: readonly string[] | undefined }) {
  if (!warnings?.length) return null;
  return <ul class="warnings">{warnings.map((w) => <li key={w}>⚠ {w}</li>)}</ul>;
}

const total = (values: ReadonlyArray<number | null>): number => values.reduce<number>((a, v) => a + (v ?? 0), 0);

interface VolumeProps { volume: Promise<QueryResponse>; xRange: [number, number]; stepSec: number; utc: boolean; onZoom: Props['onZoom'] }

function Volume({ volume, xRange, stepSec, utc, onZoom }: VolumeProps) {
  const [state, setState] = useState<{ graph?: Graph; error?: string }>({});
  useEffect(() => {
    let current = true;
    volume.then(
      (r) => { if (current) setState({ graph: r.data.resultType === 'matrix' ? volumeGraph(r.data.result, xRange[0], xRange[1], stepSec) : undefined }); },
      (e: Error) => { if (current && e.name !== 'AbortError') setState({ error: e.message }); },
    );
    return () => { current = false; };
  }, [volume]);
  if (state.error) return <div class="error-text">Logs volume: {state.error}</div>;
  const { graph } = state;
  if (!graph) return <section class="panel"><header class="panel-title">Logs volume <span class="muted">· loading…</span></header></section>;
  const all = graph.series.reduce((a, s) => a + total(s.values), 0);
  return (
    <section class="panel">
      <header class="panel-title">
        Logs volume <span class="muted">· {all.toLocaleString('en-US')} lines</span>
        <span class="volume-totals">
          {graph.series.map((s) => (
            <span class="volume-total" data-level={s.label} key={s.label}><i style={{ background: s.color }} />{s.label} {total(s.values).toLocaleString('en-US')}</span>
          ))}
        </span>
      </header>
      <TimeSeries x={graph.x} xRange={xRange} series={graph.series} mode="stacked-bars" height={140} utc={utc} onZoom={onZoom} />
    </section>
  );
}

function MetricTable({ graph, utc }: { graph: Graph; utc: boolean }) {
  const rows = [...graph.x.keys()].reverse();
  return (
    <div class="table-wrap">
      <table class="metric-table">
        <thead><tr><th>Time</th>{graph.series.map((s) => <th key={s.label}>{s.label}</th>)}</tr></thead>
        <tbody>
          {rows.map((i) => (
            <tr key={graph.x[i]}>
              <td>{formatDateTime(graph.x[i]! * 1000, utc)}</td>
              {graph.series.map((s) => <td key={s.label}>{s.values[i] ?? ''}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Results(props: Props) {
  const { result } = props;
  const xRange: [number, number] = [result.range.fromMs / 1000, result.range.toMs / 1000];
  const graph = useMemo(() => {
    if (result.kind === 'logs') return undefined;
    const d = result.response.data;
    return metricGraph(d.resultType === 'matrix' ? d.result : [], props.legendFormat);
  }, [result, props.legendFormat]);

  if (result.kind === 'logs') {
    const d = result.lines.data;
    return (
      <div class="results">
        <Warnings warnings={result.lines.warnings} />
        <Volume volume={result.volume} xRange={xRange} stepSec={result.stepSec} utc={props.utc} onZoom={props.onZoom} />
        <LogsPanel streams={d.resultType === 'streams' ? d.result : []} expr={props.expr} range={result.range} utc={props.utc}
          options={props.logOptions} onOptions={props.onLogOptions} onExpr={props.onExpr} stats={<Stats response={result.lines} />} />
      </div>
    );
  }
  return (
    <div class="results">
      <Warnings warnings={result.response.warnings} />
      <section class="panel">
        <header class="panel-title">
          {props.metricView === 'graph' ? 'Graph' : 'Table'} <Stats response={result.response} />
          <span class="segmented">
            {(['graph', 'table'] as const).map((v) => (
              <button key={v} class={props.metricView === v ? 'active' : ''} onClick={() => props.onMetricView(v)}>{v === 'graph' ? 'Graph' : 'Table'}</button>
            ))}
          </span>
        </header>
        {graph && graph.series.length === 0 && <div class="empty">No data.</div>}
        {graph && graph.series.length > 0 && (props.metricView === 'graph'
          ? <TimeSeries x={graph.x} xRange={xRange} series={graph.series} mode="lines" height={300} utc={props.utc} onZoom={props.onZoom} />
          : <MetricTable graph={graph} utc={props.utc} />)}
      </section>
    </div>
  );
}
