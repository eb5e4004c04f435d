// Grafana's bar chart panel for one value per series (the seriesToRows shape): a bar per name, heights to scale
// from zero, the value above each bar. Each bar carries its value as a data attribute.
import { PALETTE } from '../graph/series.js';
import { formatValue } from './format-value.js';
import type { NamedValue } from './panel-data.js';

/** Grafana's named colours a dashboard may give (fieldConfig color.fixedColor); other values are CSS colours. */
const NAMED_COLORS: Record<string, string> = { red: '#F2495C', green: '#73BF69', blue: '#5794F2', yellow: '#FADE2A', orange: '#FF9830', purple: '#B877D9' };

interface Props { values: NamedValue[]; color?: string; unit?: string; decimals?: number }

export function BarChart({ values, color, unit, decimals }: Props) {
  const max = Math.max(0, ...values.map((v) => v.value));
  if (values.length === 0 || max === 0) return <div class="panel-empty">No data</div>;
  return (
    <div class="bar-chart" role="img" aria-label="bar chart">
      {values.map((v, i) => (
        <div class="bar-column" key={v.name}>
          <div class="bar-area">
            <div class="bar" data-name={v.name} data-value={v.value}
              style={{ height: `${(v.value / max) * 100}%`, background: color ? NAMED_COLORS[color] ?? color : PALETTE[i % PALETTE.length] }}>
              <span class="bar-value">{formatValue(v.value, unit, decimals)}</span>
            </div>
          </div>
          <span class="bar-label" title={v.name}>{v.name}</span>
        </div>
      ))}
    </div>
  );
}
