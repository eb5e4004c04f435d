// Runs one Explore query the way Grafana's Loki data source does: a log query gets its lines (limit 1000, newest
// first, stream labels, metadata and parsed labels apart) and the logs-volume query beside them; a metric query gets a range query at the graph's step.
import { queryRange, type QueryResponse } from '../api/loki.js';
import type { ResolvedRange } from '../shell/time-range.js';
import { stepSeconds } from './interval.js';

export const MAX_LINES = 1000;

/**
 * The LogQL grammar's reading of an expression, loaded on first use: not at the page's start, where its evaluation
 * would take the CPU from the board's first queries, sent by then, and most queries do not need it (below).
 */
export const logQueryReader = (): Promise<typeof import('./log-query.js')> => import('./log-query.js');

/**
 * Whether `expr` yields lines, as the grammar reads it. A log query starts with its stream selector or a parenthesis
 * and a metric query never with a selector, so most expressions are told by their first character, and a dashboard's
 * graph does not wait for the grammar to load; the rest (a parenthesis, a comment) are read with it.
 */
async function yieldsLines(expr: string): Promise<boolean> {
  const first = /\S/.exec(expr)?.[0];
  if (first === '{') return true;
  if (first !== undefined && /[\p{L}\d_.+-]/u.test(first)) return false;
  return (await logQueryReader()).isLogQuery(expr);
}

/** Grafana 12's logs-volume expression, with `$__auto` replaced by the step as Grafana does before sending. */
export function logsVolumeExpr(expr: string, stepSec: number): string {
  return `sum by (level, detected_level) (count_over_time(${expr} | drop __error__[${stepSec}s]))`;
}

interface Ran {
  range: ResolvedRange;
  stepSec: number;
}

export type QueryResult =
  /** the volume arrives on its own: the lines are shown without waiting for it, as Grafana does */
  | Ran & { kind: 'logs'; lines: QueryResponse; volume: Promise<QueryResponse> }
  | Ran & { kind: 'metric'; response: QueryResponse };

export async function runQuery(expr: string, range: ResolvedRange, widthPx: number, signal: AbortSignal): Promise<QueryResult> {
  const stepSec = stepSeconds(range.toMs - range.fromMs, widthPx);
  const common = { startMs: range.fromMs, endMs: range.toMs, stepSeconds: stepSec };
  if (!(await yieldsLines(expr))) return { kind: 'metric', response: await queryRange({ query: expr, ...common }, signal), range, stepSec };
  const volume = queryRange({ query: logsVolumeExpr(expr, stepSec), ...common }, signal);
  volume.catch(() => undefined); // its failure is shown by whoever awaits it, if the lines came at all
  const lines = await queryRange({ query: expr, startMs: range.fromMs, endMs: range.toMs, limit: MAX_LINES, categorize: true }, signal);
  return { kind: 'logs', lines, volume, range, stepSec };
}
