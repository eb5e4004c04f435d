// Loki's detected_fields and detected_field/<name>/values, computed over the entries of a log
// query (newest first, `line_limit` of them). Fields come from each entry's structured metadata
// (no parser), the labels the query's own parsers produced, and the line parsed as JSON or
// logfmt (LineFieldExtractor); the latter two are listed with that parser.
import { formatBytes, parseBytes } from '@logi/logql';
import type { LabelPair } from '@logi/protocol';
import { fieldType, type FieldType } from './field-type.js';
import { ERROR_LABELS, LineFieldExtractor } from './line-fields.js';
import type { LogEntryOut } from './log-result.js';

export interface DetectedField {
  label: string;
  type: FieldType;
  /** distinct values seen (Loki estimates this with HyperLogLog) */
  cardinality: number;
  /** null for structured metadata only, as Loki answers */
  parsers: string[] | null;
  jsonPath?: string[];
}

interface FieldState {
  type: FieldType;
  parsers: string[];
  values: Set<string>;
  jsonPath?: string[];
}

/**
 * Entries grouped by stream (streams in label order, entries in query order), the order in which
 * Loki walks its response: it matters because a field's type is re-detected per entry and the
 * last entry read decides it.
 */
function byStream(entries: readonly LogEntryOut[]): LogEntryOut[][] {
  const groups = new Map<string, LogEntryOut[]>();
  for (const e of entries) {
    let g = groups.get(e.streamKey);
    if (g === undefined) groups.set(e.streamKey, (g = []));
    g.push(e);
  }
  return [...groups.keys()].sort().map((k) => groups.get(k)!);
}

/** Distinct values per name, names in first-seen order. */
function valuesByName(pairs: Iterable<LabelPair>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [n, v] of pairs) {
    if (ERROR_LABELS.has(n)) continue;
    const vs = out.get(n);
    if (vs === undefined) out.set(n, [v]);
    else if (!vs.includes(v)) vs.push(v);
  }
  return out;
}

interface EntryFields {
  sm: Map<string, string[]>;
  parsed: Map<string, string[]>;
  parser: string;
  paths: Map<string, string[]>;
}

function* entryFields(entries: readonly LogEntryOut[]): Generator<EntryFields> {
  const extractor = new LineFieldExtractor();
  for (const stream of byStream(entries)) {
    for (const e of stream) {
      const line = extractor.extract(e.line, e.stream, e.streamKey);
      yield { sm: valuesByName(e.sm), parsed: valuesByName([...e.parsed, ...line.labels]), parser: line.parser, paths: line.paths };
    }
  }
}

/** The fields of the entries, at most `limit` of them (the first ones found). */
export function detectFields(entries: readonly LogEntryOut[], limit: number): DetectedField[] {
  const fields = new Map<string, FieldState>();
  const note = (name: string, values: readonly string[], parser: string | undefined, path: string[] | undefined): void => {
    let f = fields.get(name);
    if (f === undefined) {
      if (fields.size >= limit) return;
      fields.set(name, (f = { type: 'string', parsers: [], values: new Set() }));
    }
    if (parser !== undefined && !f.parsers.includes(parser)) f.parsers.push(parser);
    if (path !== undefined && f.jsonPath === undefined) f.jsonPath = path;
    // Loki re-detects the type from the first value of every entry
    f.type = fieldType(values[0]!);
    for (const v of values) f.values.add(v);
  };
  for (const e of entryFields(entries)) {
    for (const [name, values] of e.sm) note(name, values, undefined, undefined);
    for (const [name, values] of e.parsed) note(name, values, e.parser, e.paths.get(name));
  }
  return [...fields].map(([label, f]) => {
    const out: DetectedField = { label, type: f.type, cardinality: f.values.size, parsers: f.parsers.length ? f.parsers : null };
    if (f.jsonPath !== undefined) out.jsonPath = f.jsonPath;
    return out;
  });
}

// A parsed value that reads as a byte size with a unit is answered in humanize's form
// (`25.7KB` → `26kB`), so it can be pasted into a `| size > 26kB` filter.
const BYTE_UNITS = ['b', 'kib', 'kb', 'mib', 'mb', 'gib', 'gb', 'tib', 'tb', 'pib', 'pb', 'eib', 'eb', 'ki', 'k', 'mi', 'm', 'gi', 'g', 'ti', 't', 'pi', 'p', 'ei', 'e'];

function normalizeBytes(v: string): string {
  const lower = v.toLowerCase();
  if (!BYTE_UNITS.some((u) => lower.endsWith(u))) return v;
  try {
    return formatBytes(parseBytes(v)).replace(' ', '');
  } catch {
    return v;
  }
}

/** Distinct values of one field, stopping once `limit` are found. */
export function detectedFieldValues(entries: readonly LogEntryOut[], name: string, limit: number): string[] {
  const values = new Set<string>();
  for (const e of entryFields(entries)) {
    if (values.size >= limit) break;
    for (const v of e.sm.get(name) ?? []) values.add(v);
    for (const v of e.parsed.get(name) ?? []) values.add(normalizeBytes(v));
  }
  return [...values];
}
