// A number as Grafana's panels show it: the field's decimals (else a few, trailing zeros dropped) and the common
// units: short (K, Mil, Bil), percent, percentunit, bytes (IEC), decbytes (SI), ms, s, reqps, ops, and Grafana's
// custom 'suffix:<text>' and 'prefix:<text>'. Other units show the bare number.
const SUFFIX: Record<string, string> = { percent: '%', reqps: ' req/s', ops: ' ops/s', s: ' s' };

/** Units scaled by steps of `base`, with their step names. */
const SCALED: Record<string, { base: number; names: string[] }> = {
  short: { base: 1000, names: ['', ' K', ' Mil', ' Bil', ' Tri'] },
  bytes: { base: 1024, names: [' B', ' KiB', ' MiB', ' GiB', ' TiB', ' PiB'] },
  decbytes: { base: 1000, names: [' B', ' kB', ' MB', ' GB', ' TB', ' PB'] },
};

/** Without set decimals: up to 2 decimals, or 2 significant digits below 1 (a rate of 0.0033/s is not 0). */
function number(value: number, decimals?: number): string {
  if (decimals !== undefined) return value.toFixed(decimals);
  return String(Math.abs(value) >= 1 || value === 0 ? Math.round(value * 100) / 100 : Number(value.toPrecision(2)));
}

export function formatValue(value: number, unit?: string, decimals?: number): string {
  if (!Number.isFinite(value)) return 'No data';
  const u = unit ?? '';
  const scaled = SCALED[u];
  if (scaled) {
    let i = 0;
    while (Math.abs(value) >= scaled.base && i < scaled.names.length - 1) { value /= scaled.base; i++; }
    return number(value, decimals) + scaled.names[i];
  }
  if (u === 'percentunit') return `${number(value * 100, decimals)}%`;
  if (u === 'ms') return Math.abs(value) >= 1000 ? `${number(value / 1000, decimals)} s` : `${number(value, decimals)} ms`;
  if (u.startsWith('suffix:')) return number(value, decimals) + u.slice(7);
  if (u.startsWith('prefix:')) return u.slice(7) + number(value, decimals);
  return number(value, decimals) + (SUFFIX[u] ?? '');
}
