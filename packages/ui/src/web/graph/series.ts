// Loki matrix results as graph series: one x axis for all (the union of their timestamps), Grafana's names and colours.
import type { Labels, MatrixResult } from '../api/loki.js';
import { LEVEL_COLORS, LEVEL_ORDER, levelFromKey } from '../logs/levels.js';
import type { Series } from './time-series.js';

/** Grafana's classic series palette. */
export const PALETTE = ['#7EB26D', '#EAB839', '#6ED0E0', '#EF843C', '#E24D42', '#1F78C1', '#BA43A9', '#705DA0', '#508642', '#CCA300'];

/** A series' name as Grafana's Loki data source gives it: the legendFormat with {{label}} filled in, else `{a="b", c="d"}` (`{}` without labels). */
export function seriesName(metric: Labels, legendFormat: string | undefined): string {
  if (legendFormat) return legendFormat.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (_m, name: string) => metric[name] ?? '');
  const pairs = Object.entries(metric).map(([k, v]) => `${k}="${v}"`);
  return `{${pairs.join(', ')}}`;
}

export interface Graph {
  x: number[];
  series: Series[];
}

function align(result: readonly MatrixResult[]): { x: number[]; at: Map<number, number> } {
  const x = [...new Set(result.flatMap((r) => r.values.map(([t]) => t)))].sort((a, b) => a - b);
  return { x, at: new Map(x.map((t, i) => [t, i])) };
}

function valuesOn(r: MatrixResult, x: number[], at: Map<number, number>, missing: number | null = null): Array<number | null> {
  const values: Array<number | null> = x.map(() => missing);
  for (const [t, v] of r.values) {
    const i = at.get(t);
    if (i !== undefined) values[i] = Number(v);
  }
  return values;
}

export function metricGraph(result: readonly MatrixResult[], legendFormat: string | undefined): Graph {
  const { x, at } = align(result);
  return {
    x,
    series: result.map((r, i) => ({ label: seriesName(r.metric, legendFormat), color: PALETTE[i % PALETTE.length]!, values: valuesOn(r, x, at) })),
  };
}

/** Every step of [fromSec, toSec] on the grid of the samples (Loki evaluates at start + k·step). */
function stepGrid(result: readonly MatrixResult[], fromSec: number, toSec: number, stepSec: number): number[] {
  const anchor = result[0]?.values[0]?.[0] ?? fromSec;
  const first = anchor - Math.floor((anchor - fromSec) / stepSec) * stepSec;
  const x: number[] = [];
  for (let t = first; t <= toSec; t += stepSec) x.push(t);
  return x;
}

/**
 * The logs-volume result, one series per level (level or detected_level), in Grafana's level order and colours;
 * steps without lines count 0, so each bar is one step wide.
 */
export function volumeGraph(result: readonly MatrixResult[], fromSec: number, toSec: number, stepSec: number): Graph {
  const x = stepGrid(result, fromSec, toSec, stepSec);
  const at = new Map(x.map((t, i) => [t, i]));
  const byLevel = new Map<string, Array<number | null>>();
  for (const r of result) {
    const level = levelFromKey(r.metric.level ?? r.metric.detected_level);
    const values = valuesOn(r, x, at, 0);
    const sum = byLevel.get(level);
    byLevel.set(level, sum ? sum.map((v, i) => v! + values[i]!) : values);
  }
  return {
    x,
    series: LEVEL_ORDER.filter((l) => byLevel.has(l)).map((l) => ({ label: l, color: LEVEL_COLORS[l], values: byLevel.get(l)! })),
  };
}
