// Log entries as they cross from a scan worker to the main thread: in columns. A structured clone of entry
// objects writes every entry's property names and every label pair as an object of its own (a limited query over
// logfmt lines spent a sixth of a scan worker's time in postMessage); columns are a few arrays of strings and
// numbers, with each stream and label name written once.
import type { LabelPair } from '@logi/protocol';
import { NO_PAIRS, type LogEntryOut } from './log-result.js';

export interface PackedEntries {
  ts: BigInt64Array;
  lines: string[];
  fullKeys: string[];
  /** the entries' streams, each once, and each entry's index among them */
  streams: { labels: readonly LabelPair[]; key: string }[];
  streamOf: Uint32Array;
  /** label names of structured metadata and parsed labels, each once */
  names: string[];
  /** every entry's metadata pairs then its parsed pairs, one after the other: a name's index and a value */
  pairNames: Uint32Array;
  pairValues: string[];
  /** per entry, where its metadata pairs end and where its parsed pairs end in the pair columns */
  ends: Uint32Array;
  /** every entry's labels as JSON, when the entries carry them so (and no pairs) */
  labelsJSON?: string[];
}

export function packEntries(entries: readonly LogEntryOut[]): PackedEntries {
  const n = entries.length;
  const ts = new BigInt64Array(n);
  const lines = new Array<string>(n);
  const fullKeys = new Array<string>(n);
  const streamOf = new Uint32Array(n);
  const ends = new Uint32Array(2 * n);
  const streams: PackedEntries['streams'] = [];
  const streamIds = new Map<string, number>();
  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const pairNames: number[] = [];
  const pairValues: string[] = [];
  const json = entries[0]?.labelsJSON !== undefined ? new Array<string>(n) : undefined;
  const addPairs = (pairs: readonly LabelPair[]): void => {
    for (const [name, value] of pairs) {
      let id = nameIds.get(name);
      if (id === undefined) nameIds.set(name, (id = names.push(name) - 1));
      pairNames.push(id);
      pairValues.push(value);
    }
  };
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    ts[i] = e.ts;
    lines[i] = e.line;
    fullKeys[i] = e.fullKey;
    let s = streamIds.get(e.streamKey);
    if (s === undefined) streamIds.set(e.streamKey, (s = streams.push({ labels: e.stream, key: e.streamKey }) - 1));
    streamOf[i] = s;
    addPairs(e.sm);
    ends[2 * i] = pairValues.length;
    addPairs(e.parsed);
    ends[2 * i + 1] = pairValues.length;
    if (json !== undefined) json[i] = e.labelsJSON!;
  }
  return { ts, lines, fullKeys, streams, streamOf, names, pairNames: Uint32Array.from(pairNames), pairValues, ends, labelsJSON: json };
}

/** The buffers postMessage may move rather than copy. */
export const packedTransferList = (p: PackedEntries): ArrayBuffer[] =>
  [p.ts.buffer, p.streamOf.buffer, p.pairNames.buffer, p.ends.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);

export function unpackEntries(p: PackedEntries): LogEntryOut[] {
  const n = p.ts.length;
  const out = new Array<LogEntryOut>(n);
  const pairs = (from: number, to: number): readonly LabelPair[] => {
    if (from === to) return NO_PAIRS;
    const list = new Array<LabelPair>(to - from);
    for (let k = from; k < to; k++) list[k - from] = [p.names[p.pairNames[k]!]!, p.pairValues[k]!];
    return list;
  };
  let at = 0;
  for (let i = 0; i < n; i++) {
    const s = p.streams[p.streamOf[i]!]!;
    const smEnd = p.ends[2 * i]!;
    const end = p.ends[2 * i + 1]!;
    out[i] = { ts: p.ts[i]!, line: p.lines[i]!, stream: s.labels, streamKey: s.key, sm: pairs(at, smEnd), parsed: pairs(smEnd, end), fullKey: p.fullKeys[i]! };
    if (p.labelsJSON !== undefined) out[i]!.labelsJSON = p.labelsJSON[i];
    at = end;
  }
  return out;
}
