// Label matchers against a series' labels, as Prometheus/Loki evaluate them: a missing label reads as "",
// regexes are RE2, fully anchored with `.` matching newlines (`^(?s:re)$`).
import RE2 from 're2';
import type { LabelPair } from '@logi/protocol';
import type { Matcher } from '../ingester/types.js';

export type LabelPredicate = (labels: readonly LabelPair[]) => boolean;

// Selectors repeat (dashboards refresh): keep compiled regexes, bounded.
const regexCache = new Map<string, RE2>();
const REGEX_CACHE_MAX = 256;

function anchored(source: string): RE2 {
  let re = regexCache.get(source);
  if (!re) {
    re = new RE2(`^(?s:${source})$`, 'u');
    if (regexCache.size >= REGEX_CACHE_MAX) regexCache.delete(regexCache.keys().next().value!);
    regexCache.set(source, re);
  }
  return re;
}

export function labelValue(labels: readonly LabelPair[], name: string): string {
  for (const [n, v] of labels) if (n === name) return v;
  return '';
}

/** One matcher as a predicate on a label value ('' when the label is absent). */
export function valuePredicate(m: Matcher): (value: string) => boolean {
  switch (m.type) {
    case '=': return (v) => v === m.value;
    case '!=': return (v) => v !== m.value;
    case '=~': { const re = anchored(m.value); return (v) => re.test(v); }
    case '!~': { const re = anchored(m.value); return (v) => !re.test(v); }
  }
}

/** All matchers together (an empty list matches everything). */
export function compileMatchers(matchers: readonly Matcher[]): LabelPredicate {
  const preds = matchers.map((m) => ({ name: m.name, test: valuePredicate(m) }));
  return (labels) => {
    for (const p of preds) if (!p.test(labelValue(labels, p.name))) return false;
    return true;
  };
}
