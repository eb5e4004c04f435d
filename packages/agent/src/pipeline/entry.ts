import type { LabelPair } from '@logi/protocol';
import type { LabelSet } from './label-set.js';

/**
 * Acknowledgement of a read line. Whoever holds an entry owns one reference: it releases it when the
 * line is acknowledged by every server it goes to, or dropped on purpose. Fan-out retains one more per
 * extra copy. The tailer commits a file position only once every line before it is released.
 */
export interface Ack {
  retain(n: number): void;
  release(): void;
}

/** One log line on its way through a pipeline. Stages may mutate every field. */
export interface Entry {
  /** Stream labels; stages replace the set rather than change it (sets are shared). */
  labels: LabelSet;
  line: string;
  /** Unix nanoseconds. */
  ts: bigint;
  /** Values extracted by parsing stages; created on first use from the labels (as Promtail does). */
  extracted: Record<string, unknown> | undefined;
  /** Structured metadata, in the order stages added it. */
  sm: LabelPair[] | undefined;
  ack: Ack;
}

export type Emit = (e: Entry) => void;

/**
 * A copy of a value map as a prototype-less dictionary. Stages add keys by name at run time; V8
 * handles that an order of magnitude faster on dictionary objects than on spread copies, which it
 * keeps migrating between hidden classes.
 */
export function copyRecord<T>(src: Readonly<Record<string, T>>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const k in src) out[k] = src[k]!;
  return out;
}

export function extractedOf(e: Entry): Record<string, unknown> {
  if (!e.extracted) {
    const ex = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of e.labels) ex[k] = v;
    e.extracted = ex;
  }
  return e.extracted;
}

/** A copy for fan-out: the copy shares nothing mutable with the original and owns a new ack reference. */
export function forkEntry(e: Entry): Entry {
  e.ack.retain(1);
  return {
    labels: e.labels,
    line: e.line,
    ts: e.ts,
    extracted: e.extracted ? copyRecord(e.extracted) : undefined,
    sm: e.sm ? e.sm.slice() : undefined,
    ack: e.ack,
  };
}

/** Renders an extracted value the way Promtail turns it into a label or line: strings as-is, the rest as JSON. */
export function valueToString(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}
