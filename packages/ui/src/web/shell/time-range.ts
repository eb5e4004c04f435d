// Grafana's time expressions: 'now', 'now-1h', or an absolute time (epoch ms as Grafana writes it in URLs, or ISO).

export interface RawTimeRange {
  from: string;
  to: string;
}

export const RELATIVE_PRESETS: ReadonlyArray<{ from: string; label: string }> = [
  { from: 'now-5m', label: 'Last 5 minutes' },
  { from: 'now-15m', label: 'Last 15 minutes' },
  { from: 'now-30m', label: 'Last 30 minutes' },
  { from: 'now-1h', label: 'Last 1 hour' },
  { from: 'now-3h', label: 'Last 3 hours' },
  { from: 'now-6h', label: 'Last 6 hours' },
  { from: 'now-12h', label: 'Last 12 hours' },
  { from: 'now-24h', label: 'Last 24 hours' },
  { from: 'now-2d', label: 'Last 2 days' },
  { from: 'now-7d', label: 'Last 7 days' },
  { from: 'now-30d', label: 'Last 30 days' },
];

export const DEFAULT_RANGE: RawTimeRange = { from: 'now-1h', to: 'now' };

const UNIT_MS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3, M: 30 * 86400e3, y: 365 * 86400e3 };
const RELATIVE = /^now(?:-(\d+)([smhdwMy]))?$/;

/** Milliseconds since the epoch for a time expression, or undefined when it is not one. */
export function parseTime(expr: string, nowMs: number): number | undefined {
  const s = expr.trim();
  const rel = RELATIVE.exec(s);
  if (rel) return rel[1] ? nowMs - Number(rel[1]) * UNIT_MS[rel[2]!]! : nowMs;
  if (/^\d{10,}$/.test(s)) return Number(s);
  const t = Date.parse(s.includes('T') || !s.includes(' ') ? s : s.replace(' ', 'T'));
  return Number.isNaN(t) ? undefined : t;
}

export interface ResolvedRange {
  fromMs: number;
  toMs: number;
}

export function resolveRange(raw: RawTimeRange, nowMs = Date.now()): ResolvedRange {
  const toMs = parseTime(raw.to, nowMs) ?? nowMs;
  const fromMs = parseTime(raw.from, nowMs) ?? toMs - 3600e3;
  return { fromMs, toMs };
}

/** What the picker's button says: a preset's name, or both ends. */
export function describeRange(raw: RawTimeRange, utc: boolean): string {
  const preset = raw.to === 'now' ? RELATIVE_PRESETS.find((p) => p.from === raw.from) : undefined;
  if (preset) return preset.label;
  const show = (e: string): string => (RELATIVE.test(e) ? e : formatDateTime(parseTime(e, Date.now()) ?? 0, utc));
  return `${show(raw.from)} to ${show(raw.to)}`;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** 'YYYY-MM-DD HH:mm:ss' in local time or UTC, as Grafana shows times. */
export function formatDateTime(ms: number, utc: boolean): string {
  const d = new Date(ms);
  const [y, mo, da, h, mi, s] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  return `${y}-${pad(mo)}-${pad(da)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
}

/** Reads 'YYYY-MM-DD HH:mm:ss' typed in the picker back, in the zone it was shown in; relative expressions pass. */
export function parseTypedTime(typed: string, utc: boolean): string | undefined {
  const s = typed.trim();
  if (RELATIVE.test(s)) return s;
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d))?)?$/.exec(s);
  if (!m) return undefined;
  const parts = [Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)] as const;
  const ms = utc ? Date.UTC(...parts) : new Date(...parts).getTime();
  return Number.isNaN(ms) ? undefined : String(ms);
}
