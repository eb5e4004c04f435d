import { parseLabelString, LabelsParseError, type LabelPair } from './labels.js';
import { parseRFC3339Nano } from './time.js';

/** One log entry as pushed. `sm` is structured metadata, in the order it was sent. */
export interface PushEntry {
  ts: bigint;
  line: string;
  sm?: LabelPair[];
}

/** One stream of a push request; labels as parsed (unsorted, duplicates kept for validation). */
export interface PushStream {
  labels: LabelPair[];
  entries: PushEntry[];
}

/** A push body that cannot be decoded at all; `status` is the HTTP status Loki answers with. */
export class PushDecodeError extends Error {
  readonly status: number;
  constructor(message: string, status = 400) {
    super(message);
    this.status = status;
  }
}

const PREFIX = 'loghttp.PushRequest.Streams: []loghttp.LogProtoStream: unmarshalerDecoder: ';

export function parsePushLabels(text: string): LabelPair[] {
  try {
    return parseLabelString(text);
  } catch (e) {
    if (e instanceof LabelsParseError) throw new PushDecodeError(`couldn't parse labels: ${e.message}`);
    throw e;
  }
}

/** Builds the label string Loki parses for a JSON `stream` object: sorted, Go-quoted values. */
function labelsFromObject(obj: unknown): LabelPair[] {
  if (obj === null || obj === undefined) return [];
  if (typeof obj !== 'object' || Array.isArray(obj)) throw new PushDecodeError(`${PREFIX}stream must be an object`);
  const keys = Object.keys(obj).sort();
  if (keys.length === 0) return [];
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const v = (obj as Record<string, unknown>)[keys[i]!];
    if (typeof v !== 'string') throw new PushDecodeError(`${PREFIX}ReadString: expects " or n, but found ${JSON.stringify(v)?.[0] ?? 'u'}`);
    text += (i ? ', ' : '') + keys[i] + '=' + JSON.stringify(v);
  }
  return parsePushLabels(text + '}');
}

function smFromObject(obj: unknown): LabelPair[] | undefined {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new PushDecodeError(`${PREFIX}Value looks like object, but can't find closing '}' symbol`);
  }
  const out: LabelPair[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v !== 'string') throw new PushDecodeError(`${PREFIX}Value is string, but can't find closing '"' symbol`);
    out.push([k, v]);
  }
  return out.length ? out : undefined;
}

const NS_INT = /^-?\d{1,19}$/;

function entryFromArray(v: unknown): PushEntry | null {
  if (v === null) return null;
  if (!Array.isArray(v) || v.length < 2 || v.length > 3) {
    throw new PushDecodeError(`${PREFIX}entry must be an array of [timestamp, line] or [timestamp, line, metadata]`);
  }
  const [ts, line, meta] = v;
  if (typeof ts !== 'string' || !NS_INT.test(ts)) {
    throw new PushDecodeError(`${PREFIX}Value looks like Number/Boolean/None, but can't find its end: ',' or '}' symbol`);
  }
  if (typeof line !== 'string') throw new PushDecodeError(`${PREFIX}ReadString: expects " or n`);
  const entry: PushEntry = { ts: BigInt(ts), line };
  if (v.length === 3) {
    const sm = smFromObject(meta);
    if (sm) entry.sm = sm;
  }
  return entry;
}

function legacyEntry(v: unknown): PushEntry | null {
  if (v === null) return null;
  const o = v as { ts?: unknown; line?: unknown; structuredMetadata?: unknown };
  if (typeof o !== 'object' || typeof o.ts !== 'string' || typeof o.line !== 'string') {
    throw new PushDecodeError(`${PREFIX}legacy entry needs "ts" (RFC3339) and "line" strings`);
  }
  const ts = parseRFC3339Nano(o.ts);
  if (ts === undefined) throw new PushDecodeError(`${PREFIX}parsing time ${JSON.stringify(o.ts)}: cannot parse as RFC3339`);
  const entry: PushEntry = { ts, line: o.line };
  if (o.structuredMetadata !== undefined && o.structuredMetadata !== null) {
    const sm = smFromObject(o.structuredMetadata);
    if (sm) entry.sm = sm;
  }
  return entry;
}

function jsonSyntaxError(body: string, e: Error): PushDecodeError {
  const first = body.trimStart()[0];
  if (first !== '{' && first !== 'n') {
    const at = body.length - body.trimStart().length + 1;
    return new PushDecodeError(
      `readObjectStart: expect { or n, but found ${first ?? 'EOF'}, error found in #${at} byte of ...|${body.slice(0, 10)}|..., bigger context ...|${body.slice(0, 50)}|...`,
    );
  }
  return new PushDecodeError(`${PREFIX}${e.message}`);
}

/**
 * Decodes a JSON push body. Both the v1 form (`stream` + `values`) and the legacy form
 * (`labels` + `entries`) are accepted on every path: Loki silently drops the legacy form on
 * /loki/api/v1/push, which loses the lines of common curl and Python examples.
 */
export function decodePushJSON(body: string): PushStream[] {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    throw jsonSyntaxError(body, e as Error);
  }
  if (doc === null) return [];
  if (typeof doc !== 'object' || Array.isArray(doc)) throw jsonSyntaxError(body, new Error('expected an object'));
  const streams = (doc as { streams?: unknown }).streams;
  if (streams === undefined || streams === null) return [];
  if (!Array.isArray(streams)) throw new PushDecodeError(`${PREFIX}streams must be an array`);
  const out: PushStream[] = [];
  for (const s of streams) {
    if (s === null) continue;
    if (typeof s !== 'object') throw new PushDecodeError(`${PREFIX}stream must be an object`);
    const st = s as { stream?: unknown; values?: unknown; labels?: unknown; entries?: unknown };
    const legacy = st.stream === undefined && st.values === undefined && (typeof st.labels === 'string' || st.entries !== undefined);
    const stream: PushStream = legacy
      ? { labels: parsePushLabels(typeof st.labels === 'string' ? st.labels : '{}'), entries: [] }
      : { labels: labelsFromObject(st.stream), entries: [] };
    const raw = legacy ? st.entries : st.values;
    if (raw !== undefined && raw !== null) {
      if (!Array.isArray(raw)) throw new PushDecodeError(`${PREFIX}${legacy ? 'entries' : 'values'} must be an array`);
      for (const v of raw) {
        const e = legacy ? legacyEntry(v) : entryFromArray(v);
        if (e) stream.entries.push(e);
      }
    }
    out.push(stream);
  }
  return out;
}

/** Encodes streams as a Loki v1 JSON push body (used by clients such as the agent's JSON mode and tests). */
export function encodePushJSON(streams: readonly PushStream[]): string {
  return JSON.stringify({
    streams: streams.map((s) => ({
      stream: Object.fromEntries(s.labels),
      values: s.entries.map((e) => (e.sm?.length ? [e.ts.toString(), e.line, Object.fromEntries(e.sm)] : [e.ts.toString(), e.line])),
    })),
  });
}
