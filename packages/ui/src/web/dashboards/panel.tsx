// One dashboard panel: its frame (title, loading bar, error), its queries run when their interpolated text or the
// time range changes (so a variable change re-runs only the panels that use it), and the drawing for its type.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { stepSeconds } from '../explore/interval.js';
import { defaultState, stateSearch } from '../explore/url-state.js';
import { navigate } from '../shell/router.js';
import type { ResolvedRange } from '../shell/time-range.js';
import { annotationsOf, type Annotation } from './annotations.js';
import { BarChart } from './bar-chart.js';
import { BarGauge } from './bar-gauge.js';
import { shownValues } from './field-config.js';
import { Gauge } from './gauge.js';
import type { LegendOptions } from './legend.js';
import type { Panel as PanelModel, VariableOption } from './model.js';
import { useLibraryPanel } from './library-panel.js';
import { LogsPanelBody } from './logs-panel-body.js';
import { loadPanelData, prometheusUid, PROMETHEUS_MIN_STEP_SEC, reduced, type PanelData, type ReadyTarget } from './panel-data.js';
import { ignoredOptions, notDrawnReason } from './panel-support.js';
import { PieChart } from './pie-chart.js';
import { StatPanel } from './stat-panel.js';
import { tableOf } from './table-data.js';
import { TablePanel } from './table-panel.js';
import { TextPanel } from './text-panel.js';
import { TimeSeriesPanel } from './time-series-panel.js';
import { interpolate, type VariableValues } from './variables.js';

const HEADER_PX = 32;

export interface PanelProps {
  panel: PanelModel;
  values: VariableValues;
  options: ReadonlyMap<string, VariableOption[]>;
  range: ResolvedRange;
  utc: boolean;
  heightPx: number;
  widthPx: number;
  onZoom(fromMs: number, toMs: number): void;
  /** the title bar's buttons (View; Edit, Duplicate, Remove) */
  menu?: ComponentChildren;
  /** an Explore button in the title bar opening the panel's queries in Explore, as Grafana's panel menu */
  explore?: boolean;
  /** the dashboard's annotations, drawn on time series as markers (those whose filter lets this panel) */
  annotations?: readonly Annotation[];
  /** `values` are expected, not yet confirmed by the variables' refresh: the queries run, their answers wait */
  held?: boolean;
}

type Loaded = { state: 'loading' } | { state: 'done'; data: PanelData } | { state: 'error'; message: string };

function Body({ panel, data, utc, range, heightPx, onZoom, annotations }: { panel: PanelModel; data: PanelData; utc: boolean; range: ResolvedRange; heightPx: number; onZoom: PanelProps['onZoom']; annotations: readonly Annotation[] }) {
  const o = panel.options ?? {};
  if (data.kind === 'logs') return <div class="panel-logs" style={{ height: `${heightPx}px` }}><LogsPanelBody streams={data.streams} expr={data.expr} options={panel.options} range={range} utc={utc} /></div>;
  if (data.kind === 'graph') {
    if (data.graph.series.length === 0) return <div class="panel-empty">No data</div>;
    return <TimeSeriesPanel panel={panel} graph={data.graph} range={range} utc={utc} heightPx={heightPx} onZoom={onZoom} annotations={annotations} />;
  }
  if (panel.type === 'table') {
    const table = tableOf(data.series, panel.transformations);
    return (
      <>
        {table.notApplied.length > 0 && <div class="panel-note">Logi does not apply the transformations {table.notApplied.join(', ')}.</div>}
        <TablePanel panel={panel} table={table} />
      </>
    );
  }
  const values = reduced(data.series, panel);
  if (panel.type === 'piechart') return <PieChart values={shownValues(panel, values, 'palette-classic')} donut={o.pieType === 'donut'} legend={o.legend as LegendOptions | undefined} />;
  if (panel.type === 'barchart') return <BarChart values={shownValues(panel, values, 'palette-classic')} />;
  const shown = shownValues(panel, values, 'thresholds');
  if (panel.type === 'gauge') return <Gauge values={shown} showThresholdMarkers={o.showThresholdMarkers !== false} />;
  if (panel.type === 'bargauge') return <BarGauge values={shown} displayMode={o.displayMode as string | undefined} orientation={o.orientation as string | undefined} />;
  return <StatPanel values={shown} series={data.series.map((s) => s.values)} colorMode={o.colorMode as string | undefined} textMode={o.textMode as string | undefined} graphMode={o.graphMode as string | undefined} />;
}

/** Explore with the panel's visible queries (variables filled in) over the range the panel shows. */
function exploreLink(targets: readonly ReadyTarget[], range: ResolvedRange, utc: boolean): string {
  const queries = targets.map((t, i) => ({ refId: t.refId ?? String.fromCharCode(65 + i), expr: t.expr, legendFormat: t.legendFormat }));
  return `/explore${stateSearch({ ...defaultState(), queries, range: { from: String(range.fromMs), to: String(range.toMs) }, utc })}`;
}

/** A panel; a library panel draws the panel it names, once read. */
export function Panel(props: PanelProps) {
  return props.panel.libraryPanel ? <LibraryPanel {...props} /> : <PanelView {...props} />;
}

function LibraryPanel(props: PanelProps) {
  const resolved = useLibraryPanel(props.panel);
  if (resolved.state === 'ready') return <PanelView {...props} panel={resolved.panel} />;
  return <PanelView {...props} panel={{ ...props.panel, title: props.panel.title ?? props.panel.libraryPanel!.name, targets: [] }} pending={resolved} />;
}

/**
 * The panel's frame and body; `pending`: a library panel not read yet (loading) or not readable (its message in the
 * body), in which case `panel` is the dashboard's reference to it.
 */
function PanelView(props: PanelProps & { pending?: { state: 'loading' } | { state: 'error'; message: string } }) {
  const { panel, range, pending } = props;
  const notDrawn = notDrawnReason(panel);
  const drawn = notDrawn === undefined;
  const ignored = useMemo(() => ignoredOptions(panel), [panel]);
  const stepSec = stepSeconds(range.toMs - range.fromMs, props.widthPx);
  const targets: ReadyTarget[] = useMemo(() => (drawn && panel.type !== 'text' ? panel.targets ?? [] : [])
    .filter((t) => !t.hide && t.expr)
    .map((t) => ({
      ...t,
      expr: interpolate(t.expr!, props.values, props.options, {
        rangeSec: (range.toMs - range.fromMs) / 1000,
        intervalSec: prometheusUid(panel, t) === undefined ? stepSec : Math.max(PROMETHEUS_MIN_STEP_SEC, stepSec),
        instant: t.queryType === 'instant' || t.instant === true,
      }),
    })), [panel, props.values, props.options, range, stepSec]);
  const [answer, setLoaded] = useState<Loaded>({ state: 'loading' });
  // an answer to expected values is shown once they are confirmed (queries with other values run anew, see queryKey)
  const loaded: Loaded = props.held ? { state: 'loading' } : answer;
  // the type too: a panel turned from a graph into a stat in the editor needs its data in the other shape
  const queryKey = JSON.stringify([panel.type, targets, range.fromMs, range.toMs]);
  // sent as soon as the panel is in the page, not after the frame is painted (a board's first paint is a slow one)
  useLayoutEffect(() => {
    if (targets.length === 0) return undefined;
    const abort = new AbortController();
    setLoaded({ state: 'loading' });
    loadPanelData(panel, targets, range, props.widthPx, abort.signal).then(
      (data) => setLoaded({ state: 'done', data }),
      (e: unknown) => { if (!abort.signal.aborted) setLoaded({ state: 'error', message: (e as Error).message }); },
    );
    return () => abort.abort();
  }, [queryKey]);
  const bodyPx = props.heightPx - HEADER_PX;
  // by id: a repeat's copies are new objects at each render, and a new list would draw the graph again
  const annotations = useMemo(() => annotationsOf(panel, props.annotations ?? []), [panel.id, props.annotations]);

  let body;
  if (pending?.state === 'error') body = <div class="panel-error" role="alert">{pending.message}</div>;
  else if (pending) body = undefined;
  else if (!drawn) body = <div class="panel-unsupported">{notDrawn}</div>;
  else if (panel.type === 'text') body = <TextPanel mode={panel.options?.mode as string | undefined} content={interpolate(String(panel.options?.content ?? ''), props.values, props.options)} />;
  else if (targets.length === 0) body = <div class="panel-empty">No queries</div>;
  else if (loaded.state === 'error') body = <div class="panel-error" role="alert">{loaded.message}</div>;
  else if (loaded.state === 'done') body = <Body panel={panel} data={loaded.data} utc={props.utc} range={range} heightPx={bodyPx} onZoom={props.onZoom} annotations={annotations} />;
  const state = pending?.state ?? (!drawn ? 'unsupported' : panel.type === 'text' || targets.length === 0 ? 'done' : loaded.state);
  // Grafana fills variables into titles too: a repeat's copies are told apart by them
  const title = interpolate(panel.title ?? '', props.values, props.options);
  return (
    <section class="dash-panel" data-panel-id={panel.id} data-panel-type={panel.type} data-state={state} aria-label={title}>
      {state === 'loading' && <div class="panel-loading-bar" />}
      <header class="dash-panel-title" title={title}><span class="dash-panel-title-text">{title}</span>
        {ignored.length > 0 && <span class="panel-ignored" role="note" aria-label={`Logi does not draw: ${ignored.join(', ')}`} title={`Logi does not draw: ${ignored.join(', ')}`}>i</span>}
        {/* Explore queries Logi's Loki: a Prometheus panel has no Explore view here */}
        {props.explore && targets.length > 0 && targets.every((t) => prometheusUid(panel, t) === undefined) && (
          <span class="panel-menu">
            <button aria-label="Explore panel queries" onClick={() => navigate(exploreLink(targets, range, props.utc))}>Explore</button>
          </span>
        )}
        {props.menu}
      </header>
      <div class="dash-panel-body" style={{ height: `${bodyPx}px` }}>{body}</div>
    </section>
  );
}
