// Lines per step of a selector, by one label: the metric query behind Drilldown's volume panels
// (`sum by (detected_level) (count_over_time({service_name="x"} [$__auto]))`, with $__auto replaced by the step).
import { queryRange, type MatrixResult } from '../api/loki.js';
import { stepSeconds } from '../explore/interval.js';
import { LEVEL_COLORS, LEVEL_ORDER, levelFromKey } from '../logs/levels.js';
import type { ResolvedRange } from '../shell/time-range.js';
import { samplesOf, type SparkSeries } from './sparkline.js';

/** About 60 bars per sparkline: the step for a panel that narrow. */
export const sparklineStep = (range: ResolvedRange): number => stepSeconds(range.toMs - range.fromMs, 60);

export async function volumeBy(selector: string, by: string, range: ResolvedRange, signal?: AbortSignal): Promise<MatrixResult[]> {
  const stepSec = sparklineStep(range);
  const answer = await queryRange({
    query: `sum by (${by}) (count_over_time(${selector} [${stepSec}s]))`, startMs: range.fromMs, endMs: range.toMs, stepSeconds: stepSec,
  }, signal);
  return answer.data.resultType === 'matrix' ? answer.data.result : [];
}

/** A volume by detected_level as sparkline series in Grafana's level colours, stacked in its level order. */
export function levelSeries(result: readonly MatrixResult[]): SparkSeries[] {
  return result.map((r) => ({ level: levelFromKey(r.metric.detected_level), samples: samplesOf(r) }))
    .sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level))
    .map(({ level, samples }) => ({ samples, color: LEVEL_COLORS[level] }));
}
