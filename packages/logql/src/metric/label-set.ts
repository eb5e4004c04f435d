// A series' label set as the evaluator passes it around: the sorted pairs plus Loki's label
// string, which doubles as the identity key (equal strings ⇔ equal label sets).
import { formatLabels, type LabelPair } from '@logi/protocol';

export interface LabelSet {
  /** `{a="1", b="2"}`: names sorted, values Go-quoted. */
  readonly key: string;
  /** Sorted by name, names unique. */
  readonly pairs: readonly LabelPair[];
}

export const EMPTY_LABELS: LabelSet = { key: '{}', pairs: [] };

/** Builds a label set from pairs already sorted by name with unique names. */
export function labelSet(pairs: readonly LabelPair[]): LabelSet {
  return pairs.length === 0 ? EMPTY_LABELS : { key: formatLabels(pairs), pairs };
}

export function getLabel(pairs: readonly LabelPair[], name: string): string | undefined {
  for (const p of pairs) if (p[0] === name) return p[1];
  return undefined;
}

/** Keeps only the named labels (Prometheus `Keep`). */
export function keepLabels(pairs: readonly LabelPair[], names: readonly string[]): LabelPair[] {
  return pairs.filter((p) => names.includes(p[0]));
}

/** Removes the named labels (Prometheus `Del`). */
export function dropLabels(pairs: readonly LabelPair[], names: readonly string[]): LabelPair[] {
  return pairs.filter((p) => !names.includes(p[0]));
}

/** Sets (or, for an empty value, removes) one label, keeping the pairs sorted. */
export function setLabel(pairs: readonly LabelPair[], name: string, value: string): LabelPair[] {
  const out = pairs.filter((p) => p[0] !== name);
  if (value === '') return out;
  let i = 0;
  while (i < out.length && compareStrings(out[i]![0], name) < 0) i++;
  out.splice(i, 0, [name, value]);
  return out;
}

/**
 * Go's string order (bytes of UTF-8), which differs from JS's UTF-16 order only for
 * characters above U+FFFF against U+E000..U+FFFF.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return utf8Rank(x) - utf8Rank(y);
  }
  return a.length - b.length;
}

function utf8Rank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000; // surrogates encode code points above U+FFFF
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** Prometheus labels.Compare: label by label (name, then value), then the shorter set first. */
export function compareLabels(a: readonly LabelPair[], b: readonly LabelPair[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x[0] !== y[0]) return compareStrings(x[0], y[0]);
    if (x[1] !== y[1]) return compareStrings(x[1], y[1]);
  }
  return a.length - b.length;
}
