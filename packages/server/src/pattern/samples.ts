// A pattern's line counts over time, as Loki's pattern ingester keeps them (pkg/pattern/drain/chunk.go): one count per
// sample interval, in chunks spanning at most max_chunk_age, dropped once older than retain_for.

export interface SampleTiming {
  /** pattern_ingester.pattern_sample_interval */
  intervalMs: number;
  /** pattern_ingester.max_chunk_age */
  maxChunkAgeMs: number;
}

/** [unix ms truncated to the interval or step, lines] */
export type Sample = [number, number];

interface Chunk { times: number[]; counts: number[] }

const truncate = (t: number, step: number): number => t - (((t % step) + step) % step);

export class PatternSamples {
  #chunks: Chunk[] = [];

  /**
   * Counts one line at `tsMs`, as `weight` lines (more than one when it stands for lines not mined). A line older
   * than the latest interval counted is not counted again (Loki's order rule).
   */
  add(tsMs: number, timing: SampleTiming, weight = 1): void {
    const t = truncate(tsMs, timing.intervalMs);
    const last = this.#chunks[this.#chunks.length - 1];
    if (!last || t - last.times[0]! >= timing.maxChunkAgeMs) {
      this.#chunks.push({ times: [t], counts: [weight] });
      return;
    }
    const n = last.times.length - 1;
    if (last.times[n] === t) last.counts[n]! += weight;
    else if (t > last.times[n]!) {
      last.times.push(t);
      last.counts.push(weight);
    }
  }

  /**
   * The counts in [fromMs, throughMs), each chunk's summed into `step` buckets (gaps between its samples as zeros),
   * or as recorded when the step is the sample interval.
   */
  forRange(fromMs: number, throughMs: number, stepMs: number, intervalMs: number): Sample[][] {
    const out: Sample[][] = [];
    for (const c of this.#chunks) {
      let lo = 0;
      while (lo < c.times.length && c.times[lo]! < fromMs) lo++;
      let hi = lo;
      while (hi < c.times.length && c.times[hi]! < throughMs) hi++;
      if (hi === lo) continue;
      const samples: Sample[] = [];
      if (stepMs === intervalMs) {
        for (let i = lo; i < hi; i++) samples.push([c.times[i]!, c.counts[i]!]);
      } else {
        let bucket = truncate(c.times[lo]!, stepMs);
        samples.push([bucket, 0]);
        for (let i = lo; i < hi; i++) {
          const b = truncate(c.times[i]!, stepMs);
          while (bucket < b) {
            bucket += stepMs;
            samples.push([bucket, 0]);
          }
          samples[samples.length - 1]![1] += c.counts[i]!;
        }
      }
      out.push(samples);
    }
    return out;
  }

  /** Drops the chunks whose last sample is older than `cutoffMs`; true when none is left. */
  pruneBefore(cutoffMs: number): boolean {
    this.#chunks = this.#chunks.filter((c) => c.times[c.times.length - 1]! >= cutoffMs);
    return this.#chunks.length === 0;
  }
}
