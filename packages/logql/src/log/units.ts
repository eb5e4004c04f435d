// Go's strconv.ParseFloat, time.ParseDuration and go-humanize's ParseBytes, with their
// error texts (they surface in `__error_details__`). To merge with syntax/units.ts once it lands.
import { quoteGo } from '@logi/protocol';
import { durationSeconds as durationSecondsOfNs } from '../metric/go-duration.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const FLOAT_DEC = /^[+-]?(?:(?:[0-9](?:_?[0-9])*)?\.?[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.)(?:[eE][+-]?[0-9]+)?$/;
const FLOAT_SPECIAL = /^[+-]?(?:inf|infinity|nan)$/i;
const FLOAT_HEX = /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+$/;

/** strconv.ParseFloat(s, 64). */
export function parseGoFloat(s: string): Parsed<number> {
  const fail = (why: string): Parsed<number> => ({ ok: false, error: `strconv.ParseFloat: parsing ${quoteGo(s)}: ${why}` });
  if (FLOAT_SPECIAL.test(s)) {
    const t = s.toLowerCase().replace(/^[+-]/, '');
    if (t === 'nan') return { ok: true, value: NaN };
    return { ok: true, value: s.startsWith('-') ? -Infinity : Infinity };
  }
  let v: number;
  if (FLOAT_HEX.test(s)) {
    const neg = s.startsWith('-');
    const body = s.replace(/^[+-]?0[xX]/, '');
    const [mant, exp] = body.split(/[pP]/) as [string, string];
    const [ip, fp = ''] = mant.split('.') as [string, string?];
    v = (parseInt(ip || '0', 16) + (fp === '' ? 0 : parseInt(fp, 16) / 16 ** fp.length)) * 2 ** Number(exp);
    if (neg) v = -v;
  } else {
    // Underscores are only legal with a base prefix.
    if (!FLOAT_DEC.test(s) || s.includes('_')) return fail('invalid syntax');
    v = Number(s);
  }
  if (!Number.isFinite(v)) return fail('value out of range');
  return { ok: true, value: v };
}

const UNIT_NS: Record<string, bigint> = {
  ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};
const MAX_INT64 = (1n << 63n) - 1n;

/** time.ParseDuration → nanoseconds as bigint. */
export function parseGoDuration(s: string): Parsed<bigint> {
  const ns = exactDurationNs(s);
  return ns !== undefined ? { ok: true, value: BigInt(ns) } : parseDurationBig(s);
}

/** time.ParseDuration worked out in bigints: any duration Go accepts, and Go's error texts. */
function parseDurationBig(s: string): Parsed<bigint> {
  const orig = s;
  const invalid = (): Parsed<bigint> => ({ ok: false, error: `time: invalid duration ${quoteGo(orig)}` });
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, value: 0n };
  if (s === '') return invalid();
  let total = 0n;
  while (s !== '') {
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    const intText = m[1]!;
    const fracText = m[2];
    if (intText === '' && (fracText === undefined || fracText === '')) return invalid();
    s = s.slice(m[0].length);
    let u = 0;
    while (u < s.length && !/[0-9.]/.test(s[u]!)) u++;
    if (u === 0) return { ok: false, error: `time: missing unit in duration ${quoteGo(orig)}` };
    const unitText = s.slice(0, u);
    s = s.slice(u);
    const unit = UNIT_NS[unitText];
    if (unit === undefined) return { ok: false, error: `time: unknown unit ${quoteGo(unitText)} in duration ${quoteGo(orig)}` };
    let v = BigInt(intText === '' ? '0' : intText) * unit;
    if (fracText !== undefined && fracText !== '') v += (BigInt(fracText) * unit) / 10n ** BigInt(fracText.length);
    total += v;
    if (total > MAX_INT64 + (neg ? 1n : 0n)) return invalid();
  }
  return { ok: true, value: neg ? -total : total };
}

/** Nanoseconds in the unit s[from..to) (ns us µs μs ms s m h), read without cutting it out; undefined if none. */
function unitNs(s: string, from: number, to: number): number | undefined {
  const c = s.charCodeAt(from);
  if (to - from === 1) return c === 0x73 ? 1e9 : c === 0x6d ? 6e10 : c === 0x68 ? 3.6e12 : undefined;
  if (to - from !== 2 || s.charCodeAt(from + 1) !== 0x73) return undefined;
  // n, u, µ (micro sign), μ (Greek mu), m before the s
  return c === 0x6e ? 1 : c === 0x75 || c === 0xb5 || c === 0x3bc ? 1e3 : c === 0x6d ? 1e6 : undefined;
}

/**
 * time.ParseDuration(s) in nanoseconds for unsigned durations whose every partial sum stays below 2^53 ns
 * (over 104 days): worked out in doubles, where each step is exact, without the bigint parser's
 * allocations. Undefined for anything else, malformed or not: parseDurationBig decides (and words the error).
 */
export function exactDurationNs(s: string): number | undefined {
  const n = s.length;
  let total = 0;
  let i = 0;
  while (i < n) {
    let int = 0;
    const intStart = i;
    for (let c = s.charCodeAt(i); c >= 0x30 && c <= 0x39; c = s.charCodeAt(++i)) int = int * 10 + (c - 0x30);
    let frac = 0;
    let scale = 1;
    const intDigits = i - intStart;
    if (s.charCodeAt(i) === 0x2e) {
      for (let c = s.charCodeAt(++i); c >= 0x30 && c <= 0x39; c = s.charCodeAt(++i)) {
        frac = frac * 10 + (c - 0x30);
        scale *= 10;
      }
    }
    const unitStart = i;
    for (let c = s.charCodeAt(i); i < n && c !== 0x2e && (c < 0x30 || c > 0x39); c = s.charCodeAt(++i));
    const unit = unitNs(s, unitStart, i);
    if (unit === undefined || (intDigits === 0 && scale === 1) || intDigits > 15 || scale > 1e15) return undefined;
    const whole = int * unit;
    const part = frac * unit;
    if (whole > Number.MAX_SAFE_INTEGER || part > Number.MAX_SAFE_INTEGER) return undefined;
    // floor of an exact quotient of integers below 2^53 is exact in doubles
    total += whole + Math.floor(part / scale);
    if (total > Number.MAX_SAFE_INTEGER) return undefined;
  }
  return n === 0 ? undefined : total;
}

/** time.ParseDuration(s).Seconds(). */
export function parseGoDurationSeconds(s: string): Parsed<number> {
  const ns = exactDurationNs(s);
  if (ns !== undefined) return { ok: true, value: durationSecondsOfNs(ns) };
  const d = parseDurationBig(s);
  return d.ok ? { ok: true, value: durationSeconds(d.value) } : d;
}

/** Duration in float seconds as Go's Duration.Seconds() computes it. */
export function durationSeconds(ns: bigint): number {
  return Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
}

const BYTES_TABLE: Record<string, number> = {
  '': 1, b: 1,
  k: 1e3, kb: 1e3, ki: 1024, kib: 1024,
  m: 1e6, mb: 1e6, mi: 1024 ** 2, mib: 1024 ** 2,
  g: 1e9, gb: 1e9, gi: 1024 ** 3, gib: 1024 ** 3,
  t: 1e12, tb: 1e12, ti: 1024 ** 4, tib: 1024 ** 4,
  p: 1e15, pb: 1e15, pi: 1024 ** 5, pib: 1024 ** 5,
  e: 1e18, eb: 1e18, ei: 1024 ** 6, eib: 1024 ** 6,
};

/** humanize.ParseBytes: `1.5 KB`, `1,024`, `10`, `1kib` (case-insensitive) → bytes (truncated). */
export function parseHumanBytes(s: string): Parsed<number> {
  let last = 0;
  while (last < s.length && /[0-9.,]/.test(s[last]!)) last++;
  const num = s.slice(0, last).replaceAll(',', '');
  const f = parseGoFloat(num);
  if (!f.ok) return f;
  const extra = s.slice(last).trim().toLowerCase();
  const mult = BYTES_TABLE[extra];
  if (mult === undefined) return { ok: false, error: `unhandled size name: ${extra}` };
  const v = f.value * mult;
  if (v >= 2 ** 64) return { ok: false, error: `too large: ${s}` };
  return { ok: true, value: Math.trunc(v) };
}
