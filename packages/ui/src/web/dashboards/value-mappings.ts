// Grafana's value mappings (fieldConfig mappings): a value shown as a text and/or a colour instead of its number.
// Types value (exact), range (from..to, inclusive), regex (on the number's text) and special (null, NaN); the first
// mapping that matches wins, as in Grafana.

export interface MappingResult { text?: string; color?: string }

type Mapping =
  | { type: 'value'; options: Record<string, MappingResult> }
  | { type: 'range'; options: { from?: number | null; to?: number | null; result: MappingResult } }
  | { type: 'regex'; options: { pattern: string; result: MappingResult } }
  | { type: 'special'; options: { match: string; result: MappingResult } };

function matchOne(m: Mapping, value: number): MappingResult | undefined {
  switch (m.type) {
    case 'value':
      return m.options?.[String(value)];
    case 'range': {
      const { from, to, result } = m.options ?? {};
      return Number.isFinite(value) && (from == null || value >= from) && (to == null || value <= to) ? result : undefined;
    }
    case 'regex':
      try { return new RegExp(m.options.pattern).test(String(value)) ? m.options.result : undefined; } catch { return undefined; }
    case 'special':
      return (m.options?.match === 'nan' || m.options?.match === 'null+nan' || m.options?.match === 'null') && Number.isNaN(value) ? m.options.result : undefined;
    default:
      return undefined;
  }
}

export function mapValue(mappings: unknown, value: number): MappingResult | undefined {
  if (!Array.isArray(mappings)) return undefined;
  for (const m of mappings as Mapping[]) {
    const hit = matchOne(m, value);
    if (hit) return hit;
  }
  return undefined;
}
