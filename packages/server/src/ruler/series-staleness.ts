// Prometheus' staleness for series a rule writes: a series written at the last evaluation and not at this
// one gets a staleness marker, so that it ends at once where it is stored instead of 5 minutes later.
import { labelsKey } from './alerting-rule.js';
import type { RecordedSample } from './recording-rule.js';

export class SeriesStaleness {
  /** the series of the last successful evaluation, by labelsKey */
  #last = new Map<string, Record<string, string>>();

  /** `samples` (one evaluation's, at `tsMs`) followed by a staleness marker for each series that is gone since. */
  mark(samples: readonly RecordedSample[], tsMs: number): RecordedSample[] {
    const now = new Map(samples.map((s) => [labelsKey(s.labels), s.labels]));
    const out = [...samples];
    for (const [key, labels] of this.#last) if (!now.has(key)) out.push({ labels, value: NaN, timestampMs: tsMs, stale: true });
    this.#last = now;
    return out;
  }
}
