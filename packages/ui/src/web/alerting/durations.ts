// Times on the Alerting pages as Grafana shows them: "3m 20s ago", "for 1h 5m".

/** A span as its two largest units: "45s", "3m 20s", "2h 5m", "3d 4h". */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const units: Array<[string, number]> = [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]];
  const i = units.findIndex(([, size]) => s >= size);
  if (i < 0) return '0s';
  const [unit, size] = units[i]!;
  const n = Math.floor(s / size);
  const next = units[i + 1];
  const m = next ? Math.floor((s - n * size) / next[1]) : 0;
  return m > 0 ? `${n}${unit} ${m}${next![0]}` : `${n}${unit}`;
}

/** Go's zero time (never evaluated) is the year 1. */
export const isNever = (iso: string): boolean => iso.startsWith('0001-');

export function formatAgo(iso: string, nowMs: number): string {
  return isNever(iso) ? 'never' : `${formatSpan(nowMs - Date.parse(iso))} ago`;
}

/** A Prometheus duration typed in a form ("90s", "1h30m", "5m"); undefined when it is not one. */
export function parsePromDuration(text: string): number | undefined {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!m || text.trim() === '') return undefined;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000 + Number(m[4] ?? 0) * 1000;
}
