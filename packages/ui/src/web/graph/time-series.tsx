// A uPlot time-series graph: lines or bars, stacked or not (the logs volume: bars stacked); legend with hover values and series toggled
// by clicking it (uPlot's own legend); a drag across the plot zooms the time range.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDateTime } from '../shell/time-range.js';

/**
 * A moment marked on the graph (a dashboard annotation): a line across the plot, and a mark under it whose hover shows
 * the rest; or a region, from timeMs to timeEndMs.
 */
export interface Marker { timeMs: number; timeEndMs?: number; color: string; title: string; text: string; tags: readonly string[] }

const isRegion = (m: Marker): boolean => m.timeEndMs !== undefined && m.timeEndMs !== m.timeMs;

export interface Series {
  label: string;
  color: string;
  /** one value per x, null where the series has no sample */
  values: Array<number | null>;
}

interface Props {
  /** seconds since the epoch */
  x: number[];
  /** the query's time range in seconds: the x axis spans it whole, as Grafana's does */
  xRange: [number, number];
  series: Series[];
  /** stacked-lines: Grafana's stacking mode 'normal' for lines, each series filled down to the one below */
  mode: 'lines' | 'bars' | 'stacked-lines' | 'stacked-bars';
  height: number;
  /** uPlot's legend under the graph (default shown); off when the legend is hidden or drawn by the caller */
  legend?: boolean;
  /** the y axis' fixed ends (a field's min/max) */
  yMin?: number;
  yMax?: number;
  /** lines filled below at this opacity, 0–100 (Grafana's fillOpacity) */
  fillOpacity?: number;
  /** y values as text (a field's unit and decimals) */
  format?: (v: number) => string;
  utc: boolean;
  /** the range dragged across, in ms */
  onZoom(fromMs: number, toMs: number): void;
  markers?: readonly Marker[];
}

/**
 * Running sums for stacking: series i is drawn from 0 to the sum of series i..n-1, so drawn in order each shorter
 * bar covers the one before it and the last series sits at the bottom.
 */
function stacked(series: Series[]): Array<Array<number | null>> {
  const sums: Array<Array<number | null>> = series.map(() => []);
  for (let i = series.length - 1; i >= 0; i--) {
    sums[i] = series[i]!.values.map((v, j) => (v ?? 0) + (i < series.length - 1 ? (sums[i + 1]![j] ?? 0) : 0));
  }
  return sums;
}

/** The indices of samples with no sample on either side. */
function isolated(values: ReadonlyArray<number | null>): number[] {
  const out: number[] = [];
  values.forEach((v, i) => { if (v !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null) out.push(i); });
  return out;
}

/** Grafana's tick labels: HH:mm within a day, MM-DD HH:mm beyond. */
function timeTicks(utc: boolean, spanSec: number) {
  return (_u: uPlot, splits: number[]): string[] =>
    splits.map((s) => formatDateTime(s * 1000, utc).slice(spanSec <= 86_400 ? 11 : 5, 16));
}

const AXIS = { stroke: '#9fa7b3', grid: { stroke: '#2c3235', width: 1 }, ticks: { stroke: '#2c3235' } };

function options(props: Props, width: number): uPlot.Options {
  const bars = props.mode === 'bars' || props.mode === 'stacked-bars';
  const alpha = Math.round((Math.min(100, Math.max(0, props.fillOpacity ?? (props.mode === 'stacked-lines' ? 50 : 0))) / 100) * 255).toString(16).padStart(2, '0');
  const barPaths = bars ? uPlot.paths.bars!({ size: [0.9, Infinity, 2], gap: 1 }) : undefined;
  return {
    width, height: props.height,
    tzDate: props.utc ? (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') : (ts) => new Date(ts * 1000),
    cursor: { drag: { x: true, y: false, setScale: false } },
    legend: { show: props.legend !== false, live: true },
    scales: {
      x: { time: true, range: () => props.xRange },
      y: { range: (_u, min, max) => [props.yMin ?? Math.min(0, min), props.yMax ?? (max > 0 ? max * 1.1 : 1)] },
    },
    axes: [
      { ...AXIS, values: timeTicks(props.utc, props.xRange[1] - props.xRange[0]) },
      props.format
        // as wide as its longest label (a unit's suffix makes them long)
        ? {
          ...AXIS,
          values: (_u: uPlot, splits: Array<number | null>) => splits.map((v) => (v === null ? '' : props.format!(v))),
          size: (_u: uPlot, values: Array<string | null> | null) => 16 + 7 * Math.max(4, ...(values ?? []).map((v) => v?.length ?? 0)),
        }
        : { ...AXIS, size: 50 },
    ],
    series: [
      {},
      ...props.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        fill: bars ? s.color : alpha !== '00' && /^#[0-9a-fA-F]{6}$/.test(s.color) ? s.color + alpha : undefined,
        width: bars ? 0 : 1.5,
        paths: barPaths,
        // a sample with no neighbours draws no line: show it as a dot, as Grafana's showPoints 'auto' does
        points: bars ? { show: false } : { show: true, size: 5, fill: s.color, filter: () => isolated(s.values) },
        // The legend shows the series' own value, not the stacked sum drawn.
        value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) => {
          const v = idx === null ? null : s.values[idx];
          if (v === null || v === undefined) return '–';
          return props.format ? props.format(v) : String(Math.round(v * 1000) / 1000);
        },
      })),
    ],
    hooks: {
      // the markers follow the x scale: placed again at every redraw (a resize too)
      draw: [(u) => placeMarkers(u, props.markers ?? [])],
      setSelect: [(u) => {
        if (u.select.width < 2) return;
        const from = u.posToVal(u.select.left, 'x');
        const to = u.posToVal(u.select.left + u.select.width, 'x');
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        props.onZoom(Math.round(from * 1000), Math.round(to * 1000));
      }],
    },
  };
}

/**
 * The markers' layer over the plot, made once per plot: each a line and a mark holding its hover text; a region a
 * shaded span between two dashed lines, its mark as wide, as Grafana draws one.
 */
function addMarkers(u: uPlot, markers: readonly Marker[], utc: boolean): void {
  if (markers.length === 0) return;
  const layer = document.createElement('div');
  layer.className = 'graph-markers';
  for (const m of markers) {
    const el = document.createElement('div');
    el.className = isRegion(m) ? 'graph-marker region' : 'graph-marker';
    el.dataset.time = String(m.timeMs);
    if (isRegion(m)) el.dataset.timeEnd = String(m.timeEndMs);
    el.style.setProperty('--marker-color', m.color);
    const tip = document.createElement('div');
    tip.className = 'graph-marker-tip';
    tip.setAttribute('role', 'tooltip');
    const line = (cls: string, text: string): void => {
      if (!text) return;
      const d = document.createElement('div');
      d.className = cls;
      d.textContent = text;
      tip.append(d);
    };
    line('graph-marker-time', isRegion(m) ? `${formatDateTime(m.timeMs, utc)} – ${formatDateTime(m.timeEndMs!, utc)}` : formatDateTime(m.timeMs, utc));
    line('graph-marker-title', m.title);
    line('graph-marker-text', m.text);
    if (m.tags.length > 0) line('graph-marker-tags', m.tags.join(' · '));
    const mark = document.createElement('div');
    mark.className = 'graph-marker-mark';
    mark.append(tip);
    el.append(mark);
    layer.append(el);
  }
  u.over.append(layer);
}

function placeMarkers(u: uPlot, markers: readonly Marker[]): void {
  const els = u.over.querySelectorAll<HTMLElement>('.graph-marker');
  const width = u.over.clientWidth;
  markers.forEach((m, i) => {
    const el = els[i];
    if (!el) return;
    const start = u.valToPos(m.timeMs / 1000, 'x');
    const end = isRegion(m) ? u.valToPos(m.timeEndMs! / 1000, 'x') : start;
    // a region reaching past an edge is cut there
    const left = Math.max(0, start);
    el.style.left = `${isRegion(m) ? left : start}px`;
    if (isRegion(m)) el.style.width = `${Math.max(0, Math.min(width, end) - left)}px`;
    el.hidden = end < 0 || start > width;
  });
}

export function TimeSeries(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  const onZoom = useRef(props.onZoom);
  onZoom.current = props.onZoom;
  useEffect(() => {
    const el = host.current!;
    const ys = props.mode.startsWith('stacked') ? stacked(props.series) : props.series.map((s) => s.values);
    const data: uPlot.AlignedData = [props.x, ...ys];
    const plot = new uPlot(options({ ...props, onZoom: (a, b) => onZoom.current(a, b) }, el.clientWidth || 800), data, el);
    addMarkers(plot, props.markers ?? [], props.utc);
    placeMarkers(plot, props.markers ?? []);
    // the observer also reports the size the plot was just drawn at: drawing again for it doubled the work
    const resize = new ResizeObserver(() => { if (el.clientWidth !== plot.width) plot.setSize({ width: el.clientWidth, height: props.height }); });
    resize.observe(el);
    return () => { resize.disconnect(); plot.destroy(); };
  }, [props.x, props.series, props.mode, props.utc, props.xRange[0], props.xRange[1], props.legend, props.yMin, props.yMax, props.fillOpacity, props.format, props.markers]);
  return <div class="time-series" ref={host} />;
}
