// Lines per step of a selector, by one label: the metric query behind Drilldown's volume panels
// (`sum by (detected_level) (count_over_time({service_name="x"} [$__auto]))`, with $__auto replaced by the step).
import { queryRange, type MatrixResult } from '../api/loki.js';
import { stepSeconds } from '../explore/interval.js';
import type { ResolvedRange } from '../shell/time-range.js';

/** About 60 bars per sparkline: the step for a panel that narrow. */
export const sparklineStep = (range: ResolvedRange): number => stepSeconds(range.toMs - range.fromMs, 60);

export async function volumeBy(selector: string, by: string, range: ResolvedRange, signal?: AbortSignal): Promise<MatrixResult[]> {
  const stepSec = sparklineStep(range);
  const answer = await queryRange({
    query: `sum by (${by}) (count_over_time(${selector} [${stepSec}s]))`, startMs: range.fromMs, endMs: range.toMs, stepSeconds: stepSec,
  }, signal);
  return answer.data.resultType === 'matrix' ? answer.data.result : [];
}
