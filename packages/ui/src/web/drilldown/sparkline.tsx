// A small volume graph drawn as SVG (dozens on a page, so no canvas each): counts per step over the whole range,
// as bars, one colour per series stacked in the order given (the first at the bottom).
import type { MatrixResult } from '../api/loki.js';
import type { ResolvedRange } from '../shell/time-range.js';

/** [seconds since the epoch, count] */
export type Samples = ReadonlyArray<readonly [number, number]>;

export interface SparkSeries { samples: Samples; color: string }

export const samplesOf = (series: MatrixResult): Samples => series.values.map(([t, v]) => [t, Number(v)] as const);

/** Several series added up per timestamp. */
export function sumByTime(series: readonly Samples[]): Samples {
  const byTime = new Map<number, number>();
  for (const samples of series) for (const [t, v] of samples) byTime.set(t, (byTime.get(t) ?? 0) + v);
  return [...byTime].sort((a, b) => a[0] - b[0]);
}

export const total = (samples: Samples): number => samples.reduce((sum, [, v]) => sum + v, 0);

const WIDTH = 160;
const HEIGHT = 32;
export const SPARK_COLOR = '#6e9fff';

export function Sparkline({ series, range, stepSec }: { series: readonly SparkSeries[]; range: ResolvedRange; stepSec: number }) {
  const fromSec = range.fromMs / 1000;
  const spanSec = Math.max(range.toMs / 1000 - fromSec, 1);
  const max = Math.max(1, ...sumByTime(series.map((s) => s.samples)).map(([, v]) => v));
  const barWidth = Math.max(1, (stepSec / spanSec) * WIDTH - 0.5);
  const stackedBelow = new Map<number, number>();
  const bars = series.flatMap((s, i) => s.samples.map(([t, v]) => {
    const below = stackedBelow.get(t) ?? 0;
    stackedBelow.set(t, below + v);
    const h = (v / max) * (HEIGHT - 2);
    const bottom = HEIGHT - (below / max) * (HEIGHT - 2);
    return <rect key={`${i}-${t}`} x={((t - fromSec) / spanSec) * WIDTH} y={bottom - h} width={barWidth} height={h} fill={s.color} />;
  }));
  const lines = series.reduce((sum, s) => sum + total(s.samples), 0);
  return (
    <svg class="sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${lines} lines`}>
      <line x1="0" x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} stroke="rgba(204,204,220,0.15)" />
      {bars}
    </svg>
  );
}
