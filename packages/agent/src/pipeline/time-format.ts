import { parseRFC3339Nano } from '@logi/protocol';

/** Parses a timestamp text into Unix nanoseconds, or undefined when it does not fit the format. */
export type TimeParser = (text: string) => bigint | undefined;

// Go's named layouts (time package) as Promtail and Alloy accept them in stage.timestamp.
const NAMED: Readonly<Record<string, string>> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  Kitchen: '3:04PM',
  Stamp: 'Jan _2 15:04:05',
  StampMilli: 'Jan _2 15:04:05.000',
  StampMicro: 'Jan _2 15:04:05.000000',
  StampNano: 'Jan _2 15:04:05.000000000',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// Layout elements, longest first where one is a prefix of another (Go's nextStdChunk order).
const TOKENS = [
  'January', 'Jan', 'Monday', 'Mon', 'MST',
  'Z07:00:00', '-07:00:00', 'Z070000', '-070000', 'Z07:00', '-07:00', 'Z0700', '-0700', 'Z07', '-07',
  '2006', '002', '__2', '_2', '01', '02', '03', '04', '05', '06', '15', 'PM', 'pm', '1', '2', '3', '4', '5',
] as const;
type Token = (typeof TOKENS)[number] | { frac: number; optional: boolean };
type Part = { lit: string } | { tok: Token };

function compileLayout(layout: string): Part[] {
  const parts: Part[] = [];
  let lit = '';
  let i = 0;
  outer: while (i < layout.length) {
    const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i));
    if (frac && /[05]$/.test(layout.slice(0, i))) {
      if (lit) parts.push({ lit }), (lit = '');
      parts.push({ tok: { frac: frac[1]!.length, optional: frac[1]![0] === '9' } });
      i += frac[0].length;
      continue;
    }
    for (const t of TOKENS) {
      if (layout.startsWith(t, i)) {
        if (lit) parts.push({ lit }), (lit = '');
        parts.push({ tok: t });
        i += t.length;
        continue outer;
      }
    }
    lit += layout[i++];
  }
  if (lit) parts.push({ lit });
  return parts;
}

interface Fields { year?: number; month: number; day: number; yday?: number; hour: number; min: number; sec: number; ns: number; pm?: boolean; offsetSec?: number }

function digits(s: string, at: number, min: number, max: number): [number, number] | undefined {
  let end = at;
  while (end < s.length && end - at < max && s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 57) end++;
  return end - at < min ? undefined : [Number(s.slice(at, end)), end];
}

function word(s: string, at: number, names: readonly string[], short: boolean): [number, number] | undefined {
  for (let i = 0; i < names.length; i++) {
    const n = short ? names[i]!.slice(0, 3) : names[i]!;
    if (s.slice(at, at + n.length).toLowerCase() === n.toLowerCase()) return [i, at + n.length];
  }
  return undefined;
}

function parseOffset(s: string, at: number, tok: string): [number, number] | undefined {
  if (tok.startsWith('Z') && (s[at] === 'Z' || s[at] === 'z')) return [0, at + 1];
  const sign = s[at] === '+' ? 1 : s[at] === '-' ? -1 : 0;
  if (!sign) return undefined;
  const colon = tok.includes(':');
  const withSec = tok.endsWith('00:00') || tok.endsWith('0000') && tok.length >= 7;
  const re = colon ? (withSec ? /^(\d{2}):(\d{2}):(\d{2})/ : /^(\d{2}):(\d{2})/) : tok.endsWith('07') ? /^(\d{2})/ : withSec ? /^(\d{2})(\d{2})(\d{2})/ : /^(\d{2})(\d{2})/;
  const m = re.exec(s.slice(at + 1));
  if (!m) return undefined;
  const secs = Number(m[1]) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return [sign * secs, at + 1 + m[0].length];
}

function runLayout(parts: readonly Part[], s: string): Fields | undefined {
  const f: Fields = { month: 1, day: 1, hour: 0, min: 0, sec: 0, ns: 0 };
  let at = 0;
  for (let pi = 0; pi < parts.length; pi++) {
    const p = parts[pi]!;
    if ('lit' in p) {
      if (!s.startsWith(p.lit, at)) return undefined;
      at += p.lit.length;
      continue;
    }
    const t = p.tok;
    let r: [number, number] | undefined;
    if (typeof t === 'object') {
      if (s[at] !== '.' && s[at] !== ',') {
        if (t.optional) continue;
        return undefined;
      }
      r = digits(s, at + 1, t.optional ? 1 : t.frac, t.optional ? 9 : t.frac);
      if (!r) return undefined;
      f.ns = Number(s.slice(at + 1, r[1]).padEnd(9, '0').slice(0, 9));
      at = r[1];
      continue;
    }
    switch (t) {
      case 'January': case 'Jan': r = word(s, at, MONTHS, t === 'Jan'); if (r) f.month = r[0] + 1; break;
      case 'Monday': case 'Mon': r = word(s, at, DAYS, t === 'Mon'); break;
      case 'MST': { const m = /^[A-Z]{3,5}|^[+-]\d{2,4}/.exec(s.slice(at)); r = m ? [0, at + m[0].length] : undefined; if (m && m[0] === 'UTC') f.offsetSec = 0; break; }
      case '2006': r = digits(s, at, 4, 4); if (r) f.year = r[0]; break;
      case '06': r = digits(s, at, 2, 2); if (r) f.year = r[0] + (r[0] >= 69 ? 1900 : 2000); break;
      case '01': r = digits(s, at, 2, 2); if (r) f.month = r[0]; break;
      case '1': r = digits(s, at, 1, 2); if (r) f.month = r[0]; break;
      case '02': r = digits(s, at, 2, 2); if (r) f.day = r[0]; break;
      case '_2': if (s[at] === ' ') at++; r = digits(s, at, 1, 2); if (r) f.day = r[0]; break;
      case '2': r = digits(s, at, 1, 2); if (r) f.day = r[0]; break;
      case '002': case '__2': while (t === '__2' && s[at] === ' ') at++; r = digits(s, at, t === '002' ? 3 : 1, 3); if (r) f.yday = r[0]; break;
      case '15': r = digits(s, at, 1, 2); if (r) f.hour = r[0]; break;
      case '03': case '3': r = digits(s, at, t === '03' ? 2 : 1, 2); if (r) f.hour = r[0] % 12; break;
      case '04': case '4': r = digits(s, at, t === '04' ? 2 : 1, 2); if (r) f.min = r[0]; break;
      case '05': case '5': r = digits(s, at, t === '05' ? 2 : 1, 2); if (r) f.sec = r[0]; break;
      case 'PM': case 'pm': { const x = s.slice(at, at + 2).toUpperCase(); if (x === 'PM' || x === 'AM') { f.pm = x === 'PM'; r = [0, at + 2]; } break; }
      default: r = parseOffset(s, at, t); if (r) f.offsetSec = r[0]; break;
    }
    if (!r) return undefined;
    at = r[1];
    // Go accepts a fractional second after "05" even when the layout has none.
    const after = parts[pi + 1];
    const fracNext = after !== undefined && 'tok' in after && typeof after.tok === 'object';
    if ((t === '05' || t === '5') && !fracNext && (s[at] === '.' || s[at] === ',')) {
      const d = digits(s, at + 1, 1, 9);
      if (d) { f.ns = Number(s.slice(at + 1, d[1]).padEnd(9, '0')); at = d[1]; }
    }
  }
  if (at !== s.length) return undefined;
  if (f.pm !== undefined && f.pm) f.hour += 12;
  return f;
}

/** Offset of a time zone from UTC at the given instant, in milliseconds. */
function zoneOffsetMs(zone: Intl.DateTimeFormat, utcMs: number): number {
  const p: Record<string, number> = {};
  for (const part of zone.formatToParts(new Date(utcMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return wall - Math.floor(utcMs / 1000) * 1000;
}

function toNs(f: Fields, zone: Intl.DateTimeFormat | undefined): bigint | undefined {
  const year = f.year ?? new Date().getUTCFullYear();
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31 || f.hour > 23 || f.min > 59 || f.sec > 60) return undefined;
  let ms = f.yday !== undefined ? Date.UTC(year, 0, f.yday, f.hour, f.min, f.sec) : Date.UTC(year, f.month - 1, f.day, f.hour, f.min, f.sec);
  if (f.offsetSec !== undefined) ms -= f.offsetSec * 1000;
  else if (zone) {
    // wall clock -> UTC: two rounds settle the offset except inside a DST gap
    let guess = ms - zoneOffsetMs(zone, ms);
    guess = ms - zoneOffsetMs(zone, guess);
    ms = guess;
  }
  return BigInt(ms) * 1_000_000n + BigInt(f.ns);
}

function unixParser(scale: bigint, allowFraction: boolean): TimeParser {
  return (text) => {
    const m = (allowFraction ? /^(-?\d+)(?:\.(\d{1,9}))?$/ : /^(-?\d+)$/).exec(text.trim());
    if (!m) return undefined;
    const whole = BigInt(m[1]!) * scale;
    return m[2] ? whole + BigInt(m[2].padEnd(9, '0')) * (whole < 0n ? -1n : 1n) : whole;
  };
}

/** Builds a parser for a Go layout or a named format (RFC3339, Unix, UnixMs, UnixUs, UnixNs, ANSIC, ...). */
export function timeParser(format: string, location?: string): TimeParser {
  switch (format) {
    case 'Unix': return unixParser(1_000_000_000n, true);
    case 'UnixMs': return unixParser(1_000_000n, false);
    case 'UnixUs': return unixParser(1_000n, false);
    case 'UnixNs': return unixParser(1n, false);
    case 'RFC3339': case 'RFC3339Nano': return (text) => parseRFC3339Nano(text);
  }
  const zone = location
    ? new Intl.DateTimeFormat('en-US', { timeZone: location, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    : undefined;
  const parts = compileLayout(NAMED[format] ?? format);
  if (!parts.some((p) => 'tok' in p)) throw new Error(`"${format}" is not a Go time layout (write the reference time Mon Jan 2 15:04:05 MST 2006 in your format)`);
  return (text) => {
    const f = runLayout(parts, text);
    return f ? toNs(f, zone) : undefined;
  };
}
