import { parseRFC3339Nano } from '@logi/protocol';
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
}

const NS_PER_S = 1_000_000_000n;

/** Loki's timestamp parameter rules (api doc §1): float seconds, int seconds (≤10 digits) or ns, RFC3339. */
export function parseTimeParam(value: string, name: string): bigint {
  if (value.includes('.') && /^[+-]?\d*\.\d*(?:[eE][+-]?\d+)?$/.test(value)) {
    const f = Number(value);
    if (Number.isFinite(f)) {
      const whole = Math.trunc(f);
      const ms = Math.round((f - whole) * 1000);
      return BigInt(whole) * NS_PER_S + BigInt(ms) * 1_000_000n;
    }
  }
  if (/^[+-]?\d+$/.test(value)) {
    const digits = value.replace(/^[+-]/, '');
    if (digits.length <= 19) {
      const n = BigInt(value);
      return digits.length <= 10 ? n * NS_PER_S : n;
    }
  }
  const t = parseRFC3339Nano(value);
  if (t !== undefined) return t;
  // Loki's last attempt is strconv.ParseInt, whose error it reports
  throw badRequest(`could not parse '${name}' parameter: strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
}

const PROM_DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const PROM_UNITS_MS = [31536000000, 604800000, 86400000, 3600000, 60000, 1000, 1];

/** A Prometheus duration (`5m`, `1h30m`, `500ms`) in ms, or undefined. */
export function parsePromDurationMs(text: string): number | undefined {
  if (text === '') return undefined;
  const m = PROM_DURATION.exec(text);
  if (!m) return undefined;
  let ms = 0;
  for (let i = 0; i < PROM_UNITS_MS.length; i++) ms += Number(m[i + 1] ?? 0) * PROM_UNITS_MS[i]!;
  return ms;
}

/** step / interval / since: float seconds first, then a Prometheus duration; returns ns. */
export function parseDurationParam(value: string): bigint {
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(value)) {
    const f = Number(value);
    return BigInt(Math.round(f * 1000)) * 1_000_000n;
  }
  const ms = parsePromDurationMs(value);
  if (ms === undefined) throw badRequest(`cannot parse "${value}" to a valid duration`);
  return BigInt(ms) * 1_000_000n;
}

export interface TimeBounds {
  start: bigint;
  end: bigint;
}

/** start/end/since with Loki's defaults: end = now, start = end - since (1h). */
export function parseBounds(p: Params, nowNs: bigint): TimeBounds {
  const endText = p.get('end');
  const end = endText === undefined ? nowNs : parseTimeParam(endText, 'end');
  const sinceText = p.get('since');
  const since = sinceText === undefined ? 3600n * NS_PER_S : parseDurationParam(sinceText);
  const startText = p.get('start');
  const start = startText === undefined ? (end < nowNs ? end : nowNs) - since : parseTimeParam(startText, 'start');
  if (end < start) throw badRequest('end timestamp must not be before or equal to start time');
  return { start, end };
}

export function parseLimit(p: Params, def = 100): number {
  const v = p.get('limit');
  if (v === undefined) return def;
  if (!/^[+-]?\d+$/.test(v)) throw badRequest(`invalid limit: strconv.ParseUint: parsing "${v}": invalid syntax`);
  const n = Number(v);
  if (n <= 0) throw badRequest('limit must be a positive value');
  return n;
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
