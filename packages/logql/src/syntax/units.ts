// Durations and byte sizes in the exact syntaxes Loki accepts and prints:
// Go's time.ParseDuration / Duration.String, Prometheus' model.ParseDuration /
// Duration.String (ranges `[5m]`), and go-humanize's ParseBytes / Bytes.
// Values are numbers of nanoseconds (durations) or bytes; parsing runs on bigint
// so overflow is detected exactly as in Go.

import { formatGoFloatFixed } from './go-float.js';

const MAX_INT64 = (1n << 63n) - 1n;
const NS = { ns: 1n, us: 1_000n, 'µs': 1_000n, 'μs': 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n } as const;

/** time's quote(): ASCII kept (with \" and \\ escaped), anything else as \x bytes. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += '\\x' + b.toString(16).padStart(2, '0');
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

/**
 * Go's time.ParseDuration (`1.5s`, `300ms`, `2h45m`, `-5m`; units ns us µs ms s m h).
 * Returns nanoseconds; throws an Error carrying Go's message on bad input.
 */
export function parseDuration(text: string): number {
  const invalid = (): Error => new Error('time: invalid duration ' + timeQuote(text));
  let s = text;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) { neg = s[0] === '-'; s = s.slice(1); }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0]! >= '0' && s[0]! <= '9'))) throw invalid();
    let i = 0;
    while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
    const pre = i > 0;
    let v = pre ? BigInt(s.slice(0, i)) : 0n;
    if (v > 1n << 63n) throw invalid();
    s = s.slice(i);
    let frac = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (j < s.length && s[j]! >= '0' && s[j]! <= '9') {
        if (!overflow) {
          // Go stops accumulating fraction digits once they would overflow int64.
          if (frac > (1n << 63n) / 10n) overflow = true;
          else { frac = frac * 10n + BigInt(s.charCodeAt(j) - 48); scale *= 10; }
        }
        j++;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    let u = 0;
    while (u < s.length && s[u] !== '.' && !(s[u]! >= '0' && s[u]! <= '9')) u++;
    if (u === 0) throw new Error('time: missing unit in duration ' + timeQuote(text));
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = (NS as Record<string, bigint>)[unitName];
    if (unit === undefined) throw new Error('time: unknown unit ' + timeQuote(unitName) + ' in duration ' + timeQuote(text));
    if (v > (1n << 63n) / unit) throw invalid();
    v *= unit;
    if (frac > 0n) {
      v += BigInt(Math.trunc(Number(frac) * (Number(unit) / scale)));
      if (v > 1n << 63n) throw invalid();
    }
    total += v;
    if (total > 1n << 63n) throw invalid();
  }
  if (!neg && total > MAX_INT64) throw invalid();
  return Number(neg ? -total : total);
}

const PROM_UNITS: Record<string, { pos: number; mult: bigint }> = {
  y: { pos: 1, mult: 365n * 24n * 3_600_000_000_000n },
  w: { pos: 2, mult: 7n * 24n * 3_600_000_000_000n },
  d: { pos: 3, mult: 24n * 3_600_000_000_000n },
  h: { pos: 4, mult: 3_600_000_000_000n },
  m: { pos: 5, mult: 60_000_000_000n },
  s: { pos: 6, mult: 1_000_000_000n },
  ms: { pos: 7, mult: 1_000_000n },
};

/**
 * Prometheus' model.ParseDuration (`5m`, `1h30m`, `1d`, `500ms`; integers only, units
 * y w d h m s ms strictly decreasing). Returns nanoseconds; throws with Prometheus' message.
 */
export function parsePromDuration(text: string): number {
  if (text === '0') return 0;
  if (text === '') throw new Error('empty duration string');
  const notValid = (): Error => new Error(`not a valid duration string: ${JSON.stringify(text)}`);
  let s = text;
  let total = 0n;
  let lastPos = 0;
  while (s !== '') {
    if (!(s[0]! >= '0' && s[0]! <= '9')) throw notValid();
    let i = 0;
    while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
    const v = BigInt(s.slice(0, i));
    if (v > (1n << 64n) - 1n) throw notValid();
    s = s.slice(i);
    let u = 0;
    while (u < s.length && !(s[u]! >= '0' && s[u]! <= '9')) u++;
    if (u === 0) throw notValid();
    const name = s.slice(0, u);
    s = s.slice(u);
    const unit = PROM_UNITS[name];
    if (unit === undefined) throw new Error(`unknown unit ${goQuoteASCII(name)} in duration ${goQuoteASCII(text)}`);
    if (unit.pos <= lastPos) throw notValid();
    lastPos = unit.pos;
    if (v > (1n << 63n) / unit.mult) throw new Error('duration out of range');
    total += v * unit.mult;
    if (total > 1n << 63n) throw new Error('duration out of range');
  }
  return Number(total);
}

function goQuoteASCII(s: string): string {
  // %q of the unit/duration text: Go quoting; JSON matches it for printable ASCII.
  return JSON.stringify(s);
}

/** Prometheus model.Duration.String(): `5m`, `1h30m`, `1d`, `2w`, `1y`, `0s`; millisecond resolution. */
export function formatPromDuration(ns: number): string {
  let ms = BigInt(Math.trunc(ns / 1e6));
  if (ms === 0n) return '0s';
  let out = '';
  if (ms < 0n) { out = '-'; ms = -ms; }
  const step = (unit: string, mult: bigint, exact: boolean): void => {
    if (exact && ms % mult !== 0n) return;
    const v = ms / mult;
    if (v > 0n) { out += `${v}${unit}`; ms -= v * mult; }
  };
  step('y', 1000n * 60n * 60n * 24n * 365n, true);
  step('w', 1000n * 60n * 60n * 24n * 7n, true);
  step('d', 1000n * 60n * 60n * 24n, false);
  step('h', 1000n * 60n * 60n, false);
  step('m', 1000n * 60n, false);
  step('s', 1000n, false);
  step('ms', 1n, false);
  return out;
}

/** Go's time.Duration.String(): `1h0m0s`, `1.5s`, `300ms`, `2µs`, `-5m0s`, `0s`. */
export function formatDuration(ns: number): string {
  let u = BigInt(Math.round(ns));
  const neg = u < 0n;
  if (neg) u = -u;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return '0s';
    if (u < 1_000n) out = `${u}ns`;
    else if (u < 1_000_000n) out = fraction(u, 3) + 'µs';
    else out = fraction(u, 6) + 'ms';
  } else {
    const secs = u / 1_000_000_000n;
    out = fractionOf(secs % 60n, u % 1_000_000_000n, 9) + 's';
    const mins = secs / 60n;
    if (mins > 0n) {
      out = `${mins % 60n}m` + out;
      const hours = mins / 60n;
      if (hours > 0n) out = `${hours}h` + out;
    }
  }
  return neg ? '-' + out : out;
}

function fraction(v: bigint, prec: number): string {
  const p = 10n ** BigInt(prec);
  return fractionOf(v / p, v % p, prec);
}

function fractionOf(whole: bigint, frac: bigint, prec: number): string {
  if (frac === 0n) return whole.toString();
  const digits = frac.toString().padStart(prec, '0').replace(/0+$/, '');
  return `${whole}.${digits}`;
}

const BYTE_SIZES: Record<string, number> = {
  b: 1, '': 1,
  kib: 1024, ki: 1024, kb: 1000, k: 1000,
  mib: 1024 ** 2, mi: 1024 ** 2, mb: 1e6, m: 1e6,
  gib: 1024 ** 3, gi: 1024 ** 3, gb: 1e9, g: 1e9,
  tib: 1024 ** 4, ti: 1024 ** 4, tb: 1e12, t: 1e12,
  pib: 1024 ** 5, pi: 1024 ** 5, pb: 1e15, p: 1e15,
  eib: 1024 ** 6, ei: 1024 ** 6, eb: 1e18, e: 1e18,
};

/**
 * go-humanize's ParseBytes (`1.5 KB`, `10KiB`, `1,024`, `300` = bytes; unit case-insensitive).
 * Returns bytes (truncated like Go's uint64 conversion); throws with humanize's message.
 */
export function parseBytes(text: string): number {
  let last = 0;
  let hasComma = false;
  for (const ch of text) {
    if (!(/\p{Nd}/u.test(ch) || ch === '.' || ch === ',')) break;
    if (ch === ',') hasComma = true;
    last += ch.length;
  }
  let num = text.slice(0, last);
  if (hasComma) num = num.replace(/,/g, '');
  const f = parseFloatStrict(num);
  if (f === undefined) throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(num)}: invalid syntax`);
  const extra = text.slice(last).trim().toLowerCase();
  const mult = BYTE_SIZES[extra];
  if (mult === undefined) throw new Error(`unhandled size name: ${extra}`);
  const v = f * mult;
  if (v >= 18446744073709551615) throw new Error(`too large: ${text}`);
  return Math.trunc(v);
}

function parseFloatStrict(s: string): number | undefined {
  // the number part only ever holds digits and dots here
  if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/.test(s)) return undefined;
  return Number(s);
}

/** go-humanize's Bytes(): SI units, one decimal below 10 (`1.5 kB`, `300 B`, `12 MB`). */
export function formatBytes(bytes: number): string {
  if (bytes < 10) return `${bytes} B`;
  const sizes = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const e = Math.floor(Math.log(bytes) / Math.log(1000));
  const val = Math.floor((bytes / 1000 ** e) * 10 + 0.5) / 10;
  const text = val < 10 ? formatGoFloatFixed(val, 1) : formatGoFloatFixed(val, 0);
  return `${text} ${sizes[e] ?? ''}`;
}

/**
 * How Loki prints a bytes label filter value: humanize.Bytes without spaces (`1.5kB`). When
 * that text would read back as another number (humanize rounds: 1024 → `1.0kB`), the exact
 * `<n>B` is used instead, so a printed query always parses back to the same value.
 */
export function formatBytesFilterValue(bytes: number): string {
  const human = formatBytes(bytes).replace(/\s/g, '');
  return parseBytes(human) === bytes ? human : `${bytes}B`;
}
