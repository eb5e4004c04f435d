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

/** Years 0000 to 9999, where Date's ISO text is Go's (beyond, Date fails or writes `+010000`). */
const FOUR_DIGIT_YEARS_SECONDS = { from: -62_167_219_200n, to: 253_402_300_800n };
const floorDiv = (a: bigint, b: bigint): bigint => (a < 0n ? (a - b + 1n) / b : a / b);
const pad = (n: bigint, width: number): string => n.toString().padStart(width, '0');

/**
 * `YYYY-MM-DDTHH:MM:SS` of whole Unix seconds, for any int64 as Go formats it (a push may carry a
 * protobuf timestamp far past Date's range, quoted in the refusal): proleptic Gregorian calendar
 * after Howard Hinnant's civil_from_days, the year written in full with a sign when negative.
 */
function civilSeconds(secs: bigint): string {
  if (secs >= FOUR_DIGIT_YEARS_SECONDS.from && secs < FOUR_DIGIT_YEARS_SECONDS.to) return new Date(Number(secs) * 1000).toISOString().slice(0, 19);
  const days = floorDiv(secs, 86400n);
  const daySecs = secs - days * 86400n;
  const z = days + 719468n;
  const era = floorDiv(z, 146097n);
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const day = doy - (153n * mp + 2n) / 5n + 1n;
  const month = mp < 10n ? mp + 3n : mp - 9n;
  const year = yoe + era * 400n + (month <= 2n ? 1n : 0n);
  const yearText = year < 0n ? '-' + pad(-year, 4) : pad(year, 4);
  return `${yearText}-${pad(month, 2)}-${pad(day, 2)}T${pad(daySecs / 3600n, 2)}:${pad((daySecs / 60n) % 60n, 2)}:${pad(daySecs % 60n, 2)}`;
}

/** Formats Unix nanoseconds as RFC3339Nano in UTC, trailing zeros of the fraction removed (Go's layout). */
export function formatRFC3339Nano(ns: bigint): string {
  let secs = ns / 1_000_000_000n;
  let frac = ns % 1_000_000_000n;
  if (frac < 0n) { frac += 1_000_000_000n; secs -= 1n; }
  const iso = civilSeconds(secs);
  if (frac === 0n) return iso + 'Z';
  return iso + '.' + frac.toString().padStart(9, '0').replace(/0+$/, '') + 'Z';
}

/** Formats Unix nanoseconds as RFC3339 in UTC with whole seconds. */
export function formatRFC3339(ns: bigint): string {
  let secs = ns / 1_000_000_000n;
  if (ns < 0n && ns % 1_000_000_000n !== 0n) secs -= 1n;
  return civilSeconds(secs) + 'Z';
}
