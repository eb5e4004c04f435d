// Units in Loki's YAML: Prometheus durations (model.Duration) and humanize byte sizes (flagext.ByteSize).

const PROM_UNITS: Record<string, number> = { y: 31536000000, w: 604800000, d: 86400000, h: 3600000, m: 60000, s: 1000, ms: 1 };
const GO_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };

/** Parses a config duration (`30m`, `1h30m`, `168h`, `1d`, `1.5h`, `0`) into milliseconds. */
export function parseConfigDuration(text: string | number): number {
  if (typeof text === 'number') return text * 1000;
  const s = text.trim();
  if (s === '0') return 0;
  const prom = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(s);
  if (prom && s !== '') {
    const units = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
    return units.reduce((acc, u, i) => acc + Number(prom[i + 1] ?? 0) * PROM_UNITS[u]!, 0);
  }
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let pos = 0;
  const neg = s.startsWith('-');
  re.lastIndex = neg ? 1 : 0;
  pos = re.lastIndex;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * GO_UNITS[m[2]!]!;
    pos = re.lastIndex;
  }
  if (pos !== s.length || pos === (neg ? 1 : 0)) throw new Error(`not a valid duration string: "${s}"`);
  return neg ? -total : total;
}

const BYTE_UNITS: Record<string, number> = {
  '': 1, b: 1,
  k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, p: 1e15, pb: 1e15,
  ki: 1024, kib: 1024, mi: 1024 ** 2, mib: 1024 ** 2, gi: 1024 ** 3, gib: 1024 ** 3, ti: 1024 ** 4, tib: 1024 ** 4,
};

/** Parses a byte size the way Loki's flagext.ByteSize does (`256KB` = 256000, `3MiB`, `1048576`). */
export function parseConfigBytes(text: string | number): number {
  if (typeof text === 'number') return text;
  const m = /^\s*([\d.,]+)\s*([A-Za-z]*)\s*$/.exec(text);
  const unit = m ? BYTE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new Error(`invalid byte size: "${text}"`);
  return Math.floor(Number(m[1]!.replace(/,/g, '')) * unit);
}

const DURATION_UNITS: [string, number][] = [['h', 3600000], ['m', 60000], ['s', 1000], ['ms', 1]];

/** Writes milliseconds as a config duration that parseConfigDuration reads back (`168h`, `1m30s`, `0s`). */
export function formatConfigDuration(ms: number): string {
  let rest = ms;
  let out = '';
  for (const [unit, size] of DURATION_UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out || '0s';
}
