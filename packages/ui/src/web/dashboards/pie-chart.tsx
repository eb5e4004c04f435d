// Grafana's pie chart panel: one slice per value in the classic palette, a donut when pieType is 'donut', and the
// legend with value and share. Each slice carries its value and share as data attributes.
import { PALETTE } from '../graph/series.js';
import { formatValue } from './format-value.js';
import type { NamedValue } from './panel-data.js';

interface Props { values: NamedValue[]; donut: boolean; unit?: string; decimals?: number }

const R = 90;

function slicePath(startTurn: number, endTurn: number): string {
  const at = (turn: number): string => `${100 + R * Math.sin(2 * Math.PI * turn)} ${100 - R * Math.cos(2 * Math.PI * turn)}`;
  const large = endTurn - startTurn > 0.5 ? 1 : 0;
  return `M 100 100 L ${at(startTurn)} A ${R} ${R} 0 ${large} 1 ${at(endTurn)} Z`;
}

export function PieChart({ values, donut, unit, decimals }: Props) {
  const shown = values.filter((v) => v.value > 0);
  const total = shown.reduce((a, v) => a + v.value, 0);
  if (total === 0) return <div class="panel-empty">No data</div>;
  let turn = 0;
  const slices = shown.map((v, i) => {
    const share = v.value / total;
    const slice = { ...v, share, color: PALETTE[i % PALETTE.length]!, start: turn, end: turn + share };
    turn += share;
    return slice;
  });
  return (
    <div class="pie-chart">
      <svg viewBox="0 0 200 200" role="img" aria-label="pie chart">
        {slices.map((s) => (
          s.share >= 0.9999
            ? <circle key={s.name} cx="100" cy="100" r={R} fill={s.color} class="pie-slice" data-name={s.name} data-value={s.value} data-share={s.share.toFixed(4)} />
            : <path key={s.name} d={slicePath(s.start, s.end)} fill={s.color} stroke="#181b1f" stroke-width="1" class="pie-slice" data-name={s.name} data-value={s.value} data-share={s.share.toFixed(4)} />
        ))}
        {donut && <circle cx="100" cy="100" r={R * 0.55} fill="#181b1f" />}
      </svg>
      <table class="panel-legend">
        <thead><tr><th /><th>Value</th><th>Percent</th></tr></thead>
        <tbody>
          {slices.map((s) => (
            <tr key={s.name}>
              <td><span class="legend-swatch" style={{ background: s.color }} />{s.name}</td>
              <td>{formatValue(s.value, unit, decimals)}</td>
              <td>{Math.round(s.share * 100)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
