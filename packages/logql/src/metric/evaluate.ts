// Entry points: evaluate a metric query at one instant or over a range of steps, the way Loki's
// engine joins the step vectors into its answer (series limit, ordering, literal results).
import type { SampleExpr } from '../syntax/ast.js';
import { seriesLimitError } from './errors.js';
import { compareLabels } from './label-set.js';
import { Pace } from './pace.js';
import { buildNode, literalValue } from './plan.js';
import { shareSelects } from './shared-selects.js';
import type { MatrixSeries, MetricResult, VectorSample } from './result.js';
import { IdCache } from './series-table.js';
import type { SampleSource } from './source.js';
import { instantGrid, nsToMs, rangeGrid, stepTimeNs } from './step-grid.js';

export interface MetricLimits {
  /** max_query_series: most series the answer may hold; 0 or less means no limit. */
  readonly maxQuerySeries: number;
  /** Stops the evaluation between steps once aborted (the query's deadline, its client gone). */
  readonly signal?: AbortSignal;
}

function seriesCap(limits: MetricLimits): number {
  return limits.maxQuerySeries > 0 ? limits.maxQuerySeries : Infinity;
}

/** Whether the instant answer keeps the value order of sort/sort_desc instead of label order. */
export function sortsByValue(expr: SampleExpr): boolean {
  switch (expr.kind) {
    case 'vector_agg':
      return expr.op === 'sort' || expr.op === 'sort_desc' || sortsByValue(expr.inner);
    case 'binary':
      return sortsByValue(expr.left) || sortsByValue(expr.right);
    case 'label_replace':
      return sortsByValue(expr.inner);
    default:
      return false;
  }
}

export async function evaluateInstant(
  expr: SampleExpr,
  timeNs: bigint,
  source: SampleSource,
  limits: MetricLimits,
): Promise<MetricResult> {
  const literal = literalValue(expr);
  if (literal !== undefined) return { type: 'scalar', timestampMs: nsToMs(timeNs), value: literal };
  const root = await buildNode(expr, instantGrid(timeNs), shareSelects(source));
  const v = root.next();
  if (v.length > seriesCap(limits)) throw seriesLimitError(limits.maxQuerySeries);
  const timestampMs = root.timestampMs(0);
  const samples: VectorSample[] = [];
  for (let k = 0; k < v.length; k++) {
    samples.push({ labels: root.table.labels(v.ids[k]!).pairs, timestampMs, value: v.values[k]! });
  }
  if (!sortsByValue(expr)) samples.sort((a, b) => compareLabels(a.labels, b.labels));
  return { type: 'vector', samples };
}

export async function evaluateRange(
  expr: SampleExpr,
  startNs: bigint,
  endNs: bigint,
  stepNs: bigint,
  source: SampleSource,
  limits: MetricLimits,
): Promise<MetricResult> {
  const grid = rangeGrid(startNs, endNs, stepNs);
  const literal = literalValue(expr);
  if (literal !== undefined) {
    const timestampsMs = Array.from({ length: grid.count }, (_, i) => nsToMs(stepTimeNs(grid, i)));
    return { type: 'matrix', series: [{ labels: [], timestampsMs, values: timestampsMs.map(() => literal) }] };
  }
  const cap = seriesCap(limits);
  const root = await buildNode(expr, grid, shareSelects(source));
  const series: MatrixSeries[] = [];
  const slotOf = new IdCache(); // root series id → index in `series`
  const pace = new Pace(limits.signal);
  for (let step = 0; step < grid.count; step++) {
    await pace.step();
    const v = root.next();
    if (step === 0 && v.length > cap) throw seriesLimitError(limits.maxQuerySeries);
    const timestampMs = root.timestampMs(step);
    for (let k = 0; k < v.length; k++) {
      const id = v.ids[k]!;
      let slot = slotOf.get(id);
      if (slot < 0) {
        slot = series.length;
        series.push({ labels: root.table.labels(id).pairs, timestampsMs: [], values: [] });
        slotOf.set(id, slot);
      }
      series[slot]!.timestampsMs.push(timestampMs);
      series[slot]!.values.push(v.values[k]!);
    }
    if (series.length > cap) throw seriesLimitError(limits.maxQuerySeries);
  }
  series.sort((a, b) => compareLabels(a.labels, b.labels));
  return { type: 'matrix', series };
}
