// A small volume graph drawn as SVG (dozens on a page, so no canvas each): the counts per step over the whole range.
import type { MatrixResult } from '../api/loki.js';
import type { ResolvedRange } from '../shell/time-range.js';

/** [seconds since the epoch, count] */
export type Samples = ReadonlyArray<readonly [number, number]>;

/** The series of a matrix added up per timestamp. */
export function summed(series: readonly MatrixResult[]): Samples {
  const byTime = new Map<number, number>();
  for (const s of series) for (const [t, v] of s.values) byTime.set(t, (byTime.get(t) ?? 0) + Number(v));
  return [...byTime].sort((a, b) => a[0] - b[0]);
}

export const total = (samples: Samples): number => samples.reduce((sum, [, v]) => sum + v, 0);

const WIDTH = 160;
const HEIGHT = 32;

export function Sparkline({ samples, range, stepSec, color = '#6e9fff' }: { samples: Samples; range: ResolvedRange; stepSec: number; color?: string }) {
  const fromSec = range.fromMs / 1000;
  const spanSec = Math.max(range.toMs / 1000 - fromSec, 1);
  const max = Math.max(1, ...samples.map(([, v]) => v));
  const barWidth = Math.max(1, (stepSec / spanSec) * WIDTH - 0.5);
  return (
    <svg class="sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${total(samples)} lines`}>
      <line x1="0" x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} stroke="rgba(204,204,220,0.15)" />
      {samples.map(([t, v]) => {
        const h = (v / max) * (HEIGHT - 2);
        return <rect key={t} x={((t - fromSec) / spanSec) * WIDTH} y={HEIGHT - h} width={barWidth} height={h} fill={color} />;
      })}
    </svg>
  );
}
