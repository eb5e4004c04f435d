// Consumer side of the sample batch format: one time-ordered run per series, all relative to
// the same base, whatever batches and entries the source split them into.
import type { LabelSet } from './label-set.js';
import type { SampleBatch, SeriesSamples } from './source.js';

export interface MergedSeries {
  readonly labels: LabelSet;
  /** ns offsets from the base passed to mergeBatches, ascending. */
  readonly ts: Float64Array;
  readonly values: Float64Array;
  readonly length: number;
}

interface Part {
  ts: Float64Array;
  values: Float64Array;
  length: number;
}

export function mergeBatches(batches: readonly SampleBatch[], baseNs: bigint): MergedSeries[] {
  const parts = new Map<string, { first: SeriesSamples; parts: Part[] }>();
  for (const batch of batches) {
    const shift = Number(batch.baseNs - baseNs);
    for (const s of batch.series) {
      if (s.length === 0) continue;
      const part = shift === 0 ? s : rebase(s, shift);
      const entry = parts.get(s.key);
      if (entry === undefined) parts.set(s.key, { first: s, parts: [part] });
      else entry.parts.push(part);
    }
  }
  const out: MergedSeries[] = [];
  for (const { first, parts: list } of parts.values()) {
    let merged = list[0]!;
    for (let i = 1; i < list.length; i++) merged = mergeTwo(merged, list[i]!);
    out.push({ labels: { key: first.key, pairs: first.labels }, ts: merged.ts, values: merged.values, length: merged.length });
  }
  return out;
}

function rebase(s: SeriesSamples, shift: number): Part {
  const ts = new Float64Array(s.length);
  for (let i = 0; i < s.length; i++) ts[i] = s.ts[i]! + shift;
  return { ts, values: s.values, length: s.length };
}

/** Merges two time-ordered parts; on equal times `a` comes first. */
function mergeTwo(a: Part, b: Part): Part {
  const n = a.length + b.length;
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  let i = 0;
  let j = 0;
  for (let k = 0; k < n; k++) {
    if (j >= b.length || (i < a.length && a.ts[i]! <= b.ts[j]!)) {
      ts[k] = a.ts[i]!;
      values[k] = a.values[i++]!;
    } else {
      ts[k] = b.ts[j]!;
      values[k] = b.values[j++]!;
    }
  }
  return { ts, values, length: n };
}
