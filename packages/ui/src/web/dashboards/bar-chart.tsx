// Grafana's bar chart panel for one value per series (the seriesToRows shape): a bar per name, heights to scale
// from zero, each in its field's colour, the value above each bar. Each bar carries its value as a data attribute.
import type { ShownValue } from './field-config.js';

export function BarChart({ values }: { values: ShownValue[] }) {
  const max = Math.max(0, ...values.map((v) => v.value));
  if (values.length === 0 || max === 0) return <div class="panel-empty">No data</div>;
  return (
    <div class="bar-chart" role="img" aria-label="bar chart">
      {values.map((v) => (
        <div class="bar-column" key={v.name}>
          <div class="bar-area">
            <div class="bar" data-name={v.name} data-value={v.value} data-color={v.color} style={{ height: `${(v.value / max) * 100}%`, background: v.color }}>
              <span class="bar-value">{v.text}</span>
            </div>
          </div>
          <span class="bar-label" title={v.name}>{v.name}</span>
        </div>
      ))}
    </div>
  );
}
