// Producer side of the sample batch format: the querier (or a worker thread) feeds the samples
// the extractor returns, in any series order, and posts the built batch with its transfer list.
import type { LabelPair } from '@logi/protocol';
import { MAX_INTERNED_KEY_CHARS } from '../log/labels-result.js';
import type { SampleBatch, SeriesSamples } from './source.js';
import { grownFloat64 } from './typed-arrays.js';

/** What the builder needs of a series; the log pipeline's SeriesLabels fits. */
export interface SeriesIdentity {
  readonly key: string;
  readonly labels: readonly LabelPair[];
}

class Run implements SeriesSamples {
  readonly key: string;
  readonly labels: readonly LabelPair[];
  ts: Float64Array = new Float64Array(16);
  values: Float64Array = new Float64Array(16);
  length = 0;
  sorted = true;

  constructor(series: SeriesIdentity) {
    this.key = series.key;
    this.labels = series.labels;
  }

  push(offset: number, value: number): void {
    if (this.length === this.ts.length) {
      this.ts = grownFloat64(this.ts, this.length + 1);
      this.values = grownFloat64(this.values, this.length + 1);
    }
    if (this.length > 0 && offset < this.ts[this.length - 1]!) this.sorted = false;
    this.ts[this.length] = offset;
    this.values[this.length] = value;
    this.length++;
  }

  /** Stable sort by time: streams merged into one series arrive interleaved. */
  sort(): void {
    const n = this.length;
    const ts = this.ts;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ts[a]! - ts[b]! || a - b);
    const sortedTs = new Float64Array(n);
    const sortedValues = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sortedTs[i] = ts[order[i]!]!;
      sortedValues[i] = this.values[order[i]!]!;
    }
    this.ts = sortedTs;
    this.values = sortedValues;
    this.sorted = true;
  }
}

/**
 * The end of the bucket (end - bucketNs, end] an offset falls in: the offset rounded up to a multiple of the bucket
 * (% on doubles is exact, so without a rounding error).
 */
export function bucketEnd(offsetNs: number, bucketNs: number): number {
  const r = offsetNs % bucketNs;
  return r === 0 ? offsetNs : offsetNs + bucketNs - r;
}

export class SampleBatchBuilder {
  readonly baseNs: bigint;
  /** SampleRequest.bucketNs: each sample moves to its bucket's end and is added to the series' last one there. */
  readonly #bucketNs: number | undefined;
  // The extractor hands out one object per series, so identity finds the run without hashing the key.
  readonly #byObject = new Map<SeriesIdentity, Run>();
  readonly #byKey = new Map<string, Run>();
  // Consecutive samples mostly belong to one series.
  #lastSeries: SeriesIdentity | undefined;
  #lastRun: Run | undefined;
  /** Characters of the distinct series keys so far: what the batch's labels hold, for the caller's memory bound. */
  seriesKeyChars = 0;

  constructor(baseNs: bigint, bucketNs?: number) {
    this.baseNs = baseNs;
    this.#bucketNs = bucketNs;
  }

  add(series: SeriesIdentity, tsNs: bigint, value: number): void {
    this.addOffset(series, Number(tsNs - this.baseNs), value);
  }

  /** `offsetNs` = ts − baseNs, for callers that already hold it as an exact number. */
  addOffset(series: SeriesIdentity, offsetNs: number, value: number): void {
    if (this.#bucketNs !== undefined) {
      offsetNs = bucketEnd(offsetNs, this.#bucketNs);
      const run = series === this.#lastSeries ? this.#lastRun! : undefined;
      if (run !== undefined && run.length > 0 && run.ts[run.length - 1] === offsetNs) {
        run.values[run.length - 1]! += value;
        return;
      }
    }
    if (series === this.#lastSeries) {
      this.#lastRun!.push(offsetNs, value);
      return;
    }
    let run = this.#byObject.get(series);
    if (run === undefined) {
      run = this.#byKey.get(series.key);
      if (run === undefined) {
        run = new Run(series);
        this.#byKey.set(series.key, run);
        this.seriesKeyChars += series.key.length;
      }
      // long label sets are not interned (a new object per line): remembering each would hold them all
      if (series.key.length <= MAX_INTERNED_KEY_CHARS) this.#byObject.set(series, run);
    }
    this.#lastSeries = series;
    this.#lastRun = run;
    run.push(offsetNs, value);
  }

  build(): SampleBatch {
    const series: SeriesSamples[] = [];
    for (const run of this.#byKey.values()) {
      if (!run.sorted) run.sort();
      series.push({ key: run.key, labels: run.labels, ts: run.ts, values: run.values, length: run.length });
    }
    return { baseNs: this.baseNs, series };
  }
}

/** The buffers to pass as postMessage's transfer list (the batch's arrays become unusable here). */
export function batchTransferList(batch: SampleBatch): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const s of batch.series) {
    if (s.ts.buffer instanceof ArrayBuffer) buffers.add(s.ts.buffer);
    if (s.values.buffer instanceof ArrayBuffer) buffers.add(s.values.buffer);
  }
  return [...buffers];
}
