// Grafana's stat panel, basic: each value large in the threshold's base colour, its name beneath when several.
import { formatValue } from './format-value.js';
import type { NamedValue } from './panel-data.js';

interface Props { values: NamedValue[]; unit?: string; decimals?: number }

export function StatPanel({ values, unit, decimals }: Props) {
  if (values.length === 0) return <div class="panel-empty">No data</div>;
  return (
    <div class="stat-panel">
      {values.map((v) => (
        <div class="stat" key={v.name} data-value={v.value}>
          <span class="stat-value">{formatValue(v.value, unit, decimals)}</span>
          {values.length > 1 && <span class="stat-name">{v.name}</span>}
        </div>
      ))}
    </div>
  );
}
