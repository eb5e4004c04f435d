import { formatLabels, formatRFC3339, sortLabels, type LabelPair } from '@logi/protocol';
import type { Limits } from '../app/config.js';

// Loki's per-stream and per-entry validation (pkg/validation), with its messages and the reasons its
// loki_discarded_samples_total counts refusals under.

/** A refused stream or entry: Loki's discard reason and the message the client reads. */
export interface Rejection {
  reason: string;
  message: string;
}

export type LabelsCheck = { ok: true; labels: LabelPair[]; key: string } | { ok: false; error: Rejection };

/** Drops empty values, sorts, adds service_name, and checks names/values against the limits. */
export function validateStreamLabels(raw: LabelPair[], serviceName: (l: LabelPair[]) => string, limits: Limits): LabelsCheck {
  const labels = sortLabels(raw.filter((p) => p[1] !== ''));
  if (!labels.some((p) => p[0] === 'service_name')) {
    labels.push(['service_name', serviceName(labels)]);
    sortLabels(labels);
  }
  const key = formatLabels(labels);
  const counted = labels.length - 1; // service_name is not counted, as in Loki
  if (counted > limits.maxLabelNamesPerSeries) {
    return { ok: false, error: { reason: 'max_label_names_per_series', message: `entry for stream '${key}' has ${counted} label names; limit ${limits.maxLabelNamesPerSeries}` } };
  }
  for (let i = 0; i < labels.length; i++) {
    const [name, value] = labels[i]!;
    if (i > 0 && labels[i - 1]![0] === name) return { ok: false, error: { reason: 'duplicate_label_names', message: `stream '${key}' has duplicate label name: '${name}'` } };
    if (name.length > limits.maxLabelNameLength) return { ok: false, error: { reason: 'label_name_too_long', message: `stream '${key}' has label name too long: '${name}'` } };
    if (value.length > limits.maxLabelValueLength) return { ok: false, error: { reason: 'label_value_too_long', message: `stream '${key}' has label value too long: '${value}'` } };
  }
  return { ok: true, labels, key };
}

/** Structured-metadata names as Loki stores them: [A-Za-z0-9_] only, repeated `_` collapsed, no leading digit. */
export function sanitizeMetadataName(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !name.includes('__')) return name;
  let s = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_');
  if (/^[0-9]/.test(s)) s = 'key_' + s;
  return s;
}

export interface EntryBounds {
  oldestNs: bigint;
  newestNs: bigint;
}

export function entryBounds(limits: Limits, nowMs: number): EntryBounds {
  const now = BigInt(nowMs) * 1_000_000n;
  return {
    // without reject_old_samples, still no older than int64 nanoseconds can hold (a protobuf push carries int64 seconds)
    oldestNs: limits.rejectOldSamples ? now - BigInt(limits.rejectOldSamplesMaxAgeMs) * 1_000_000n : -(1n << 63n),
    newestNs: now + BigInt(limits.creationGracePeriodMs) * 1_000_000n,
  };
}

/** Checks an entry's time, size and metadata; returns Loki's refusal, or undefined. */
export function validateEntry(
  ts: bigint, lineBytes: number, sm: LabelPair[] | undefined, key: string, bounds: EntryBounds, limits: Limits,
): Rejection | undefined {
  if (ts < bounds.oldestNs) {
    return { reason: 'greater_than_max_sample_age', message: `entry for stream '${key}' has timestamp too old: ${formatRFC3339(ts)}, oldest acceptable timestamp is: ${formatRFC3339(bounds.oldestNs)}` };
  }
  if (ts > bounds.newestNs) return { reason: 'too_far_in_future', message: `entry for stream '${key}' has timestamp too new: ${formatRFC3339(ts)}` };
  if (limits.maxLineSize > 0 && lineBytes > limits.maxLineSize && !limits.maxLineSizeTruncate) {
    return { reason: 'line_too_long', message: `max entry size '${limits.maxLineSize}' bytes exceeded for stream '${key}' while adding an entry with length '${lineBytes}' bytes` };
  }
  if (sm && sm.length) {
    if (!limits.allowStructuredMetadata) {
      return { reason: 'disallowed_structured_metadata', message: `stream '${key}' includes structured metadata, but this feature is disallowed. Please see \`limits_config.allow_structured_metadata\` or contact your Loki administrator to enable it.` };
    }
    let size = 0;
    for (const [n, v] of sm) size += n.length + v.length;
    if (limits.maxStructuredMetadataSize > 0 && size > limits.maxStructuredMetadataSize) {
      return { reason: 'structured_metadata_too_large', message: `stream '${key}' has structured metadata too large: '${size}' bytes, limit: '${limits.maxStructuredMetadataSize}' bytes. Please see \`limits_config.max_structured_metadata_size\` or contact your Loki administrator to increase it.` };
    }
    if (limits.maxStructuredMetadataEntries > 0 && sm.length > limits.maxStructuredMetadataEntries) {
      return { reason: 'structured_metadata_too_many', message: `stream '${key}' has too many structured metadata labels: '${sm.length}', limit: '${limits.maxStructuredMetadataEntries}'. Please see \`limits_config.max_structured_metadata_entries_count\` or contact your Loki administrator to increase it.` };
    }
  }
  return undefined;
}
