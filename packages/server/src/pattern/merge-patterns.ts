// The patterns answer as Loki's pattern querier builds it (pkg/pattern/ingester_querier.go): a pattern's counts from
// every stream summed per level and time, the rare ones left out, the most frequent first.
import type { Sample } from './samples.js';
import type { StreamPatternSamples } from './pattern-miner.js';

/** Loki leaves out a pattern seen fewer times than this in the range, and answers at most MAX_PATTERNS. */
const MIN_LINES = 30;
const MAX_PATTERNS = 300;

export interface PatternSeries { pattern: string; level: string; samples: Sample[] }

export function mergePatterns(parts: Iterable<StreamPatternSamples>): PatternSeries[] {
  const byKey = new Map<string, { pattern: string; level: string; counts: Map<number, number>; total: number }>();
  for (const p of parts) {
    const key = `${p.level}\x00${p.pattern}`;
    let m = byKey.get(key);
    if (!m) byKey.set(key, (m = { pattern: p.pattern, level: p.level, counts: new Map(), total: 0 }));
    for (const [t, n] of p.samples) {
      m.counts.set(t, (m.counts.get(t) ?? 0) + n);
      m.total += n;
    }
  }
  return [...byKey.values()]
    .filter((m) => m.total >= MIN_LINES)
    .sort((a, b) => b.total - a.total)
    .slice(0, MAX_PATTERNS)
    // counts are whole numbers but where mined lines stood for dropped ones (then estimates)
    .map((m) => ({ pattern: m.pattern, level: m.level, samples: [...m.counts].sort((a, b) => a[0] - b[0]).map(([t, n]): Sample => [t, Math.round(n)]) }));
}
