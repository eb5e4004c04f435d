// Grafana's pie chart panel: one slice per value, largest first, in its field's colour (the classic palette unless
// an override or fixed colour says otherwise), a donut when pieType is 'donut', and the legend as options.legend
// asks (its values: value, percent). Each slice carries its value and share as data attributes.
import type { ShownValue } from './field-config.js';
import { WithLegend, type LegendOptions } from './legend.js';

interface Props { values: ShownValue[]; donut: boolean; legend?: LegendOptions & { values?: string[] } }

const R = 90;

function slicePath(startTurn: number, endTurn: number): string {
  const at = (turn: number): string => `${100 + R * Math.sin(2 * Math.PI * turn)} ${100 - R * Math.cos(2 * Math.PI * turn)}`;
  const large = endTurn - startTurn > 0.5 ? 1 : 0;
  return `M 100 100 L ${at(startTurn)} A ${R} ${R} 0 ${large} 1 ${at(endTurn)} Z`;
}

export function PieChart({ values, donut, legend = { displayMode: 'list', placement: 'right', values: ['value', 'percent'] } }: Props) {
  const shown = values.filter((v) => v.value > 0).sort((a, b) => b.value - a.value);
  const total = shown.reduce((a, v) => a + v.value, 0);
  if (total === 0) return <div class="panel-empty">No data</div>;
  let turn = 0;
  const slices = shown.map((v) => {
    const share = v.value / total;
    const slice = { ...v, share, start: turn, end: turn + share };
    turn += share;
    return slice;
  });
  const columns = (legend.values ?? []).filter((c) => c === 'value' || c === 'percent');
  const items = slices.map((s) => ({
    name: s.name, color: s.color,
    cells: columns.map((c) => (c === 'value' ? { text: s.text, value: s.value } : { text: `${Math.round(s.share * 100)}%`, value: s.share })),
  }));
  return (
    <WithLegend options={{ placement: 'right', ...legend }} headers={columns.map((c) => (c === 'value' ? 'Value' : 'Percent'))} items={items}>
      <svg class="pie-chart" viewBox="0 0 200 200" role="img" aria-label={donut ? 'donut chart' : 'pie chart'} data-pie-type={donut ? 'donut' : 'pie'}>
        {slices.map((s) => (
          s.share >= 0.9999
            ? <circle key={s.name} cx="100" cy="100" r={R} fill={s.color} class="pie-slice" data-name={s.name} data-value={s.value} data-share={s.share.toFixed(4)} data-color={s.color} />
            : <path key={s.name} d={slicePath(s.start, s.end)} fill={s.color} stroke="#181b1f" stroke-width="1" class="pie-slice" data-name={s.name} data-value={s.value} data-share={s.share.toFixed(4)} data-color={s.color} />
        ))}
        {donut && <circle cx="100" cy="100" r={R * 0.55} fill="#181b1f" />}
      </svg>
    </WithLegend>
  );
}
