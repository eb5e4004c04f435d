// Nanosecond timestamps exceed 2^53, so they travel as bigint between parsing and storage.

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Parses RFC3339 / RFC3339Nano into Unix nanoseconds, or returns undefined. */
export function parseRFC3339Nano(text: string): bigint | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  if (Number.isNaN(ms)) return undefined;
  let ns = BigInt(ms) * 1_000_000n;
  if (frac) ns += BigInt(frac.padEnd(9, '0'));
  if (sign) {
    const off = BigInt(Number(oh) * 3600 + Number(om) * 60) * 1_000_000_000n;
    ns += sign === '+' ? -off : off;
  }
  return ns;
}

/** Formats Unix nanoseconds as RFC3339Nano in UTC, trailing zeros of the fraction removed (Go's layout). */
export function formatRFC3339Nano(ns: bigint): string {
  let secs = ns / 1_000_000_000n;
  let frac = ns % 1_000_000_000n;
  if (frac < 0n) { frac += 1_000_000_000n; secs -= 1n; }
  const iso = new Date(Number(secs) * 1000).toISOString().slice(0, 19);
  if (frac === 0n) return iso + 'Z';
  return iso + '.' + frac.toString().padStart(9, '0').replace(/0+$/, '') + 'Z';
}

/** Formats Unix nanoseconds as RFC3339 in UTC with whole seconds. */
export function formatRFC3339(ns: bigint): string {
  let secs = ns / 1_000_000_000n;
  if (ns < 0n && ns % 1_000_000_000n !== 0n) secs -= 1n;
  return new Date(Number(secs) * 1000).toISOString().slice(0, 19) + 'Z';
}
