import { formatDuration, parsePromDuration } from '@logi/logql';
import { parseRFC3339Nano, quoteGo } from '@logi/protocol';
import type { Limits } from '../app/config.js';
import { badRequest } from './http-error.js';

/** Request parameters: query string merged with a urlencoded POST body (body values win, as in Loki). */
export class Params {
  #values = new Map<string, string[]>();
  constructor(query: URLSearchParams, form?: URLSearchParams) {
    for (const k of query.keys()) this.#values.set(k, query.getAll(k));
    if (form) for (const k of form.keys()) this.#values.set(k, form.getAll(k));
  }
  /** First value of a parameter, or undefined when absent or empty. */
  get(name: string): string | undefined {
    const v = this.#values.get(name)?.[0];
    return v === '' ? undefined : v;
  }
  all(name: string): string[] {
    return this.#values.get(name) ?? [];
  }
  /** Every parameter, as a query string carries them (a proxied request passes them on). */
  toSearchParams(): URLSearchParams {
    return new URLSearchParams([...this.#values].flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v])));
  }
}

const NS_PER_S = 1_000_000_000n;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
/** Float seconds past this overflow Go's int64 seconds and nanoseconds alike. */
const MAX_NS_AS_FLOAT = 9.223372036854775807e18;

/**
 * Loki's timestamp parameter rules (api doc §1): float seconds, int seconds (≤10 digits) or ns, RFC3339.
 * Errors name the parameter for start/end (Loki wraps those); `time` gets the bare strconv error, as in Loki.
 */
export function parseTimeParam(value: string, name: 'start' | 'end' | 'time'): bigint {
  const fail = (why: string): never => {
    const error = `strconv.ParseInt: parsing ${quoteGo(value)}: ${why}`;
    throw badRequest(name === 'time' ? error : `could not parse '${name}' parameter: ${error}`);
  };
  if (value.includes('.') && /^[+-]?\d*\.\d*(?:[eE][+-]?\d+)?$/.test(value)) {
    const f = Number(value);
    // Go would wrap such seconds silently into a meaningless time; refusing is the honest answer
    if (Number.isFinite(f) && Math.abs(f) < MAX_NS_AS_FLOAT) {
      const whole = Math.trunc(f);
      const ms = Math.round((f - whole) * 1000);
      return BigInt(whole) * NS_PER_S + BigInt(ms) * 1_000_000n;
    }
  }
  if (/^[+-]?\d+$/.test(value)) {
    const n = BigInt(value);
    // strconv.ParseInt's range, checked before the RFC3339 attempt as in Loki
    if (n > INT64_MAX || n < INT64_MIN) fail('value out of range');
    return value.replace(/^[+-]/, '').length <= 10 ? n * NS_PER_S : n;
  }
  const t = parseRFC3339Nano(value);
  if (t !== undefined) return t;
  // Loki's last attempt is strconv.ParseInt, whose error it reports
  return fail('invalid syntax');
}

/** step / interval (Loki's parseSecondsOrDuration): float seconds first, then a Prometheus duration; returns ns. */
export function parseDurationParam(value: string): bigint {
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(value)) {
    const seconds = Number(value);
    // ±Infinity is ParseFloat's range error in Go: Loki then tries a Prometheus duration, which fails below
    if (Number.isFinite(seconds)) {
      const ns = seconds * 1e9;
      if (!(Math.abs(ns) <= MAX_NS_AS_FLOAT)) throw badRequest(`cannot parse ${quoteGo(value)} to a valid duration. It overflows int64`);
      return BigInt(Math.trunc(ns));
    }
  }
  try {
    return BigInt(parsePromDuration(value));
  } catch {
    throw badRequest(`cannot parse ${quoteGo(value)} to a valid duration`);
  }
}

export interface TimeBounds {
  start: bigint;
  end: bigint;
}

/** `since` is a Prometheus duration only, as in Loki (no float seconds). */
function parseSince(value: string): bigint {
  try {
    return BigInt(parsePromDuration(value));
  } catch (e) {
    throw badRequest(`could not parse 'since' parameter: ${(e as Error).message}`);
  }
}

/** start/end/since with Loki's defaults: end = now, start = end - since (1h). */
export function parseBounds(p: Params, nowNs: bigint): TimeBounds {
  const endText = p.get('end');
  const end = endText === undefined ? nowNs : parseTimeParam(endText, 'end');
  const sinceText = p.get('since');
  const since = sinceText === undefined ? 3600n * NS_PER_S : parseSince(sinceText);
  const startText = p.get('start');
  const start = startText === undefined ? (end < nowNs ? end : nowNs) - since : parseTimeParam(startText, 'start');
  if (end < start) throw badRequest('end timestamp must not be before or equal to start time');
  return { start, end };
}

/** Loki's `max_query_length` (0 disables it), applied to every endpoint that reads a time range. */
export function checkQueryLength(b: TimeBounds, limits: Limits): void {
  const maxNs = BigInt(limits.maxQueryLengthMs) * 1_000_000n;
  if (limits.maxQueryLengthMs > 0 && b.end - b.start > maxNs) {
    throw badRequest(`the query time range exceeds the limit (query length: ${formatDuration(Number(b.end - b.start))}, limit: ${formatDuration(Number(maxNs))})`);
  }
}

/** Loki's limit-like parameters (`limit`, `line_limit`, …): strconv.Atoi, then positive. */
export function parsePositiveInt(p: Params, name: string, def: number): number {
  const v = p.get(name);
  if (v === undefined) return def;
  if (!/^[+-]?[0-9]+$/.test(v)) throw badRequest(`strconv.Atoi: parsing ${quoteGo(v)}: invalid syntax`);
  const n = BigInt(v);
  if (n > INT64_MAX || n < INT64_MIN) throw badRequest(`strconv.Atoi: parsing ${quoteGo(v)}: value out of range`);
  if (n <= 0n) throw badRequest('limit must be a positive value');
  return Number(n);
}

export function parseLimit(p: Params, def = 100): number {
  return parsePositiveInt(p, 'limit', def);
}

export type Direction = 'forward' | 'backward';

export function parseDirection(p: Params): Direction {
  const v = p.get('direction');
  if (v === undefined) return 'backward';
  const d = v.toLowerCase();
  if (d !== 'forward' && d !== 'backward') throw badRequest(`invalid direction '${v}'`);
  return d;
}

/** Metric step: given, or Loki's default max(1, floor(range/250)) seconds. Validates resolution. */
export function parseStep(p: Params, b: TimeBounds): bigint {
  const v = p.get('step');
  let step: bigint;
  if (v === undefined) {
    const secs = (b.end - b.start) / NS_PER_S / 250n;
    step = (secs > 1n ? secs : 1n) * NS_PER_S;
  } else {
    step = parseDurationParam(v);
  }
  if (step <= 0n) throw badRequest('zero or negative query resolution step widths are not accepted. Try a positive integer');
  if ((b.end - b.start) / step > 11000n) {
    throw badRequest('exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter');
  }
  return step;
}
