// One recording rule's output, as Prometheus' RecordingRule makes it: each series of the result gets
// the rule's labels (an empty one removes the label) and `__name__` = the record name.
import type { VectorSample } from '@logi/logql';
import { labelsKey, RuleEvalError } from './alerting-rule.js';
import type { CompiledRule } from './rule-file.js';

/** One sample for remote write; `stale` marks the end of its series (value NaN). */
export interface RecordedSample {
  labels: Record<string, string>;
  value: number;
  timestampMs: number;
  stale?: boolean;
}

export class RecordingRule {
  readonly name: string;
  readonly #labels: Record<string, string>;

  constructor(rule: CompiledRule) {
    this.name = rule.spec.record!;
    this.#labels = rule.spec.labels;
  }

  /** The samples to write for one evaluation at `tsMs`; throws RuleEvalError on duplicate series or over `limit`. */
  eval(samples: readonly VectorSample[], tsMs: number, limit: number): RecordedSample[] {
    const seen = new Set<string>();
    const out: RecordedSample[] = [];
    for (const s of samples) {
      const labels: Record<string, string> = Object.fromEntries(s.labels);
      for (const [k, v] of Object.entries(this.#labels)) {
        if (v === '') delete labels[k];
        else labels[k] = v;
      }
      labels.__name__ = this.name;
      const key = labelsKey(labels);
      if (seen.has(key)) throw new RuleEvalError('vector contains metrics with the same labelset after applying rule labels');
      seen.add(key);
      out.push({ labels, value: s.value, timestampMs: tsMs });
    }
    if (limit > 0 && out.length > limit) throw new RuleEvalError(`exceeded limit of ${limit} with ${out.length} series`);
    return out;
  }
}
