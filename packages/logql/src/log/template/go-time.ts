// Go time values for templates: formatting and parsing with Go reference layouts
// (`2006-01-02 15:04:05.999999999 -0700 MST`). Zones: UTC, fixed offsets and IANA names
// (resolved through Intl).

export class GoTime {
  /** Unix time in nanoseconds. */
  readonly ns: bigint;
  /** Offset from UTC in seconds and the zone's abbreviation. */
  readonly offset: number;
  readonly zone: string;

  constructor(ns: bigint, offset = 0, zone = 'UTC') {
    this.ns = ns;
    this.offset = offset;
    this.zone = zone;
  }

  static zero(): GoTime {
    // Go's zero time: January 1, year 1, 00:00:00 UTC.
    return new GoTime(-62135596800n * 1_000_000_000n);
  }

  isZero(): boolean {
    return this.ns === -62135596800n * 1_000_000_000n;
  }

  unixSeconds(): bigint {
    return floorDiv(this.ns, 1_000_000_000n);
  }

  /** Go's Time.String(). */
  toString(): string {
    return formatTime(this, '2006-01-02 15:04:05.999999999 -0700 MST');
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

interface Civil {
  year: number; month: number; day: number; hour: number; min: number; sec: number; nsec: number; wday: number; yday: number;
}

function civil(t: GoTime): Civil {
  const secs = t.unixSeconds() + BigInt(t.offset);
  const nsec = Number(t.ns - t.unixSeconds() * 1_000_000_000n);
  const days = Number(floorDiv(secs, 86400n));
  const rem = Number(secs - BigInt(days) * 86400n);
  const d = new Date(Date.UTC(1970, 0, 1) + days * 86400000);
  const year = d.getUTCFullYear();
  const start = Date.UTC(year, 0, 1);
  const yday = Math.floor((d.getTime() - start) / 86400000) + 1;
  return {
    year, month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: Math.floor(rem / 3600), min: Math.floor((rem % 3600) / 60),
    sec: rem % 60, nsec, wday: d.getUTCDay(), yday,
  };
}

/**
 * The time.Time methods a template can call without arguments (`(toDateInZone …).Hour`). Month and
 * Weekday come back as their names, which is how Go prints them. Undefined for any other name.
 */
export function timeMethod(t: GoTime, name: string): bigint | string | boolean | GoTime | undefined {
  const c = (): Civil => civil(t);
  switch (name) {
    case 'Year': return BigInt(c().year);
    case 'Month': return MONTHS[c().month - 1]!;
    case 'Day': return BigInt(c().day);
    case 'Hour': return BigInt(c().hour);
    case 'Minute': return BigInt(c().min);
    case 'Second': return BigInt(c().sec);
    case 'Nanosecond': return BigInt(c().nsec);
    case 'Weekday': return DAYS[c().wday]!;
    case 'YearDay': return BigInt(c().yday);
    case 'Unix': return t.unixSeconds();
    case 'UnixMilli': return floorDiv(t.ns, 1_000_000n);
    case 'UnixMicro': return floorDiv(t.ns, 1000n);
    case 'UnixNano': return t.ns;
    case 'UTC': return new GoTime(t.ns);
    case 'IsZero': return t.isZero();
    case 'String': return t.toString();
    default: return undefined;
  }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// Layout elements, longest first so that prefixes do not shadow them.
const ELEMENTS = [
  'January', 'Monday', 'Z07:00:00', '-07:00:00', 'Z070000', '-070000', 'Z07:00', '-07:00', 'Z0700', '-0700', 'Z07', '-07',
  '2006', '__2', '002', 'Jan', 'Mon', 'MST', '01', '02', '_2', '03', '04', '05', '06', '15', 'PM', 'pm', '1', '2', '3', '4', '5',
];

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function fracElement(layout: string, i: number): number {
  // `.000`, `,999` …: a separator followed by a run of 0s or 9s, not followed by a digit.
  const sep = layout[i];
  if (sep !== '.' && sep !== ',') return 0;
  const d = layout[i + 1];
  if (d !== '0' && d !== '9') return 0;
  let j = i + 1;
  while (layout[j] === d) j++;
  if (/[0-9]/.test(layout[j] ?? '')) return 0;
  return j - i;
}

function zoneText(t: GoTime, el: string): string {
  const off = t.offset;
  if (el.startsWith('Z') && off === 0) return 'Z';
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const h = pad(Math.floor(a / 3600), 2);
  const m = pad(Math.floor((a % 3600) / 60), 2);
  const s = pad(a % 60, 2);
  const body = el.replace(/^[Z-]/, '');
  switch (body) {
    case '07': return sign + h;
    case '0700': return sign + h + m;
    case '07:00': return sign + h + ':' + m;
    case '070000': return sign + h + m + s;
    default: return sign + h + ':' + m + ':' + s;
  }
}

export function formatTime(t: GoTime, layout: string): string {
  const c = civil(t);
  let out = '';
  let i = 0;
  while (i < layout.length) {
    const fl = fracElement(layout, i);
    if (fl > 0) {
      const digits = fl - 1;
      const all = pad(c.nsec, 9).slice(0, digits);
      if (layout[i + 1] === '0') out += layout[i] + all;
      else {
        const trimmed = all.replace(/0+$/, '');
        if (trimmed !== '') out += layout[i] + trimmed;
      }
      i += fl;
      continue;
    }
    const el = ELEMENTS.find((e) => layout.startsWith(e, i));
    if (el === undefined) {
      out += layout[i];
      i++;
      continue;
    }
    i += el.length;
    switch (el) {
      case 'January': out += MONTHS[c.month - 1]; break;
      case 'Jan': out += MONTHS[c.month - 1]!.slice(0, 3); break;
      case 'Monday': out += DAYS[c.wday]; break;
      case 'Mon': out += DAYS[c.wday]!.slice(0, 3); break;
      case '2006': out += pad(c.year, 4); break;
      case '06': out += pad(c.year % 100, 2); break;
      case '01': out += pad(c.month, 2); break;
      case '1': out += String(c.month); break;
      case '02': out += pad(c.day, 2); break;
      case '_2': out += String(c.day).padStart(2, ' '); break;
      case '2': out += String(c.day); break;
      case '002': out += pad(c.yday, 3); break;
      case '__2': out += String(c.yday).padStart(3, ' '); break;
      case '15': out += pad(c.hour, 2); break;
      case '03': out += pad(c.hour % 12 === 0 ? 12 : c.hour % 12, 2); break;
      case '3': out += String(c.hour % 12 === 0 ? 12 : c.hour % 12); break;
      case '04': out += pad(c.min, 2); break;
      case '4': out += String(c.min); break;
      case '05': out += pad(c.sec, 2); break;
      case '5': out += String(c.sec); break;
      case 'PM': out += c.hour >= 12 ? 'PM' : 'AM'; break;
      case 'pm': out += c.hour >= 12 ? 'pm' : 'am'; break;
      case 'MST': out += t.zone !== '' ? t.zone : zoneText(t, '-0700'); break;
      default: out += zoneText(t, el);
    }
  }
  return out;
}

/** The offset (seconds) of an IANA zone at a UTC instant; undefined for an unknown zone. */
function zoneOffset(zone: string, utcMs: number): { offset: number; abbr: string } | undefined {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return { offset: 0, abbr: 'UTC' };
  try {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'short',
    });
    const parts = Object.fromEntries(f.formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
    const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
    const offset = Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 1000);
    const abbr = /^GMT[+-]/.test(parts.timeZoneName ?? '') || parts.timeZoneName === undefined ? zoneText(new GoTime(0n, offset, ''), '-07') : parts.timeZoneName;
    return { offset, abbr };
  } catch {
    return undefined;
  }
}

/**
 * time.ParseInLocation for the numeric layouts templates use. Returns undefined when the
 * value does not fit the layout.
 */
export function parseTime(layout: string, value: string, zone = 'UTC'): GoTime | undefined {
  let year = 1, month = 1, day = 1, hour = 0, min = 0, sec = 0, nsec = 0, pm: boolean | undefined;
  let offset: number | undefined;
  let i = 0;
  let v = 0;
  const num = (min: number, max: number): number | undefined => {
    let j = v;
    while (j < value.length && j - v < max && /[0-9]/.test(value[j]!)) j++;
    if (j - v < min) return undefined;
    const n = Number(value.slice(v, j));
    v = j;
    return n;
  };
  while (i < layout.length) {
    const fl = fracElement(layout, i);
    if (fl > 0) {
      if (value[v] !== layout[i]) { if (layout[i + 1] === '9') { i += fl; continue; } return undefined; }
      v++;
      const s = v;
      while (v < value.length && /[0-9]/.test(value[v]!)) v++;
      nsec = Number(value.slice(s, v).padEnd(9, '0').slice(0, 9));
      i += fl;
      continue;
    }
    const el = ELEMENTS.find((e) => layout.startsWith(e, i));
    if (el === undefined) {
      if (value[v] !== layout[i]) return undefined;
      i++;
      v++;
      continue;
    }
    i += el.length;
    let n: number | undefined;
    switch (el) {
      case '2006': n = num(4, 4); if (n === undefined) return undefined; year = n; break;
      case '06': n = num(2, 2); if (n === undefined) return undefined; year = n >= 69 ? 1900 + n : 2000 + n; break;
      case '01': case '1': n = num(el.length, 2); if (n === undefined) return undefined; month = n; break;
      case '02': case '2': case '_2': if (el === '_2' && value[v] === ' ') v++; n = num(1, 2); if (n === undefined) return undefined; day = n; break;
      case '15': case '03': case '3': n = num(1, 2); if (n === undefined) return undefined; hour = n; break;
      case '04': case '4': n = num(1, 2); if (n === undefined) return undefined; min = n; break;
      case '05': case '5': {
        n = num(1, 2); if (n === undefined) return undefined; sec = n;
        // Go accepts a fractional second after seconds even when the layout has none.
        if (value[v] === '.' && !(layout[i] === '.')) { v++; const s = v; while (/[0-9]/.test(value[v] ?? '')) v++; nsec = Number(value.slice(s, v).padEnd(9, '0').slice(0, 9)); }
        break;
      }
      case 'PM': case 'pm': { const w = value.slice(v, v + 2).toUpperCase(); if (w !== 'AM' && w !== 'PM') return undefined; pm = w === 'PM'; v += 2; break; }
      case 'Jan': case 'January': {
        const idx = MONTHS.findIndex((m) => value.startsWith(el === 'Jan' ? m.slice(0, 3) : m, v));
        if (idx < 0) return undefined;
        month = idx + 1; v += el === 'Jan' ? 3 : MONTHS[idx]!.length; break;
      }
      case 'Mon': case 'Monday': {
        const idx = DAYS.findIndex((d) => value.startsWith(el === 'Mon' ? d.slice(0, 3) : d, v));
        if (idx < 0) return undefined;
        v += el === 'Mon' ? 3 : DAYS[idx]!.length; break;
      }
      case 'MST': { const m = /^[A-Z]{3,5}/.exec(value.slice(v)); if (m === null) return undefined; v += m[0].length; if (m[0] === 'UTC' || m[0] === 'GMT') offset = 0; break; }
      default: {
        if (el.startsWith('Z') && value[v] === 'Z') { v++; offset = 0; break; }
        const m = /^([+-])(\d\d):?(\d\d)?(?::?(\d\d))?/.exec(value.slice(v));
        if (m === null) return undefined;
        v += m[0].length;
        offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0));
      }
    }
  }
  if (v !== value.length) return undefined;
  if (pm !== undefined) { if (pm && hour < 12) hour += 12; if (!pm && hour === 12) hour = 0; }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 59) return undefined;
  const localMs = Date.UTC(year, month - 1, day, hour, min, sec);
  const ns = (secs: number): bigint => BigInt(secs) * 1_000_000_000n + BigInt(nsec);
  if (offset !== undefined) return new GoTime(ns(localMs / 1000 - offset), offset, offset === 0 ? 'UTC' : '');
  // Interpret the wall time in the zone (two passes settle DST edges well enough).
  let guess = localMs;
  for (let k = 0; k < 2; k++) {
    const z = zoneOffset(zone, guess);
    if (z === undefined) return undefined;
    guess = localMs - z.offset * 1000;
  }
  const z = zoneOffset(zone, guess)!;
  return new GoTime(ns(guess / 1000), z.offset, z.abbr);
}
