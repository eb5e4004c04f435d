// A number as Grafana's panels show it: the field's decimals (else up to 2, trailing zeros dropped) and the few
// units whose suffix is plain text. Other units show the bare number.
const SUFFIX: Record<string, string> = { percent: '%', reqps: ' req/s', s: ' s', ms: ' ms', bytes: ' B' };

export function formatValue(value: number, unit?: string, decimals?: number): string {
  if (!Number.isFinite(value)) return 'No data';
  const text = decimals !== undefined ? value.toFixed(decimals) : String(Math.round(value * 100) / 100);
  return text + (SUFFIX[unit ?? ''] ?? '');
}
