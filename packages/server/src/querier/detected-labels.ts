// Loki's detected_labels: the indexed labels of the selected streams with their number of
// distinct values, minus labels that look like IDs (every value a number or a UUID), which
// are useless to break logs down by. A few labels are kept whatever their values.
import { parseGoFloat } from '@logi/logql';
import type { StreamIndex, Matcher } from '../ingester/types.js';

export interface DetectedLabel {
  label: string;
  cardinality: number;
}

const ALWAYS_KEPT = new Set(['cluster', 'namespace', 'instance', 'pod']);

const H = '[0-9a-fA-F]';
const UUID36 = `${H}{8}-${H}{4}-${H}{4}-${H}{4}-${H}{12}`;
/** google/uuid's Parse: the 36-char form, `urn:uuid:` + it, it between any two bytes (`{…}`), or 32 hex digits. */
const UUID = new RegExp(`^(?:${UUID36}|[uU][rR][nN]:[uU][uU][iI][dD]:${UUID36}|[\\x00-\\x7f]${UUID36}[\\x00-\\x7f]|${H}{32})$`);

const isID = (v: string): boolean => parseGoFloat(v).error === undefined || UUID.test(v);

/** Loki's shouldRejectLabel: no values, or all IDs, except a label whose values are only `0`/`1` (a flag). */
export function isIdLikeLabel(values: readonly string[]): boolean {
  if (values.length === 0) return true;
  if (values.length <= 2 && values.every((v) => v === '0' || v === '1')) return false;
  return values.every(isID);
}

export function detectLabels(reader: StreamIndex, tenant: string, matchers: Matcher[], start: bigint, end: bigint): DetectedLabel[] {
  const values = new Map<string, Set<string>>();
  for (const s of reader.selectStreams(tenant, matchers, start, end)) {
    for (const [name, value] of s.labels) {
      let vs = values.get(name);
      if (vs === undefined) values.set(name, (vs = new Set()));
      vs.add(value);
    }
  }
  const out: DetectedLabel[] = [];
  for (const [label, vs] of values) {
    if (ALWAYS_KEPT.has(label) || !isIdLikeLabel([...vs])) out.push({ label, cardinality: vs.size });
  }
  return out;
}
