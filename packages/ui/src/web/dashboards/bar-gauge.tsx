// Grafana's bar gauge panel: a bar per value filled from min to max, solid in the value's colour ('basic', 'lcd') or
// through the threshold colours it passes ('gradient', Grafana's default); horizontal unless orientation is vertical.
import { shareOf, thresholdSteps, type ShownValue } from './field-config.js';

interface Props { values: ShownValue[]; displayMode?: string; orientation?: string }

function fill(v: ShownValue, dataMax: number, gradient: boolean, vertical: boolean): string {
  if (!gradient) return v.color;
  const share = shareOf(v.field, v.value, dataMax);
  // the stops the bar passes, placed along the filled part
  const stops = thresholdSteps(v.field, dataMax).map((s) => ({ color: s.color, at: Math.max(0, shareOf(v.field, s.from, dataMax)) }))
    .filter((s) => s.at <= share);
  if (stops.length < 2) return v.color;
  return `linear-gradient(${vertical ? 'to top' : 'to right'}, ${stops.map((s) => `${s.color} ${((s.at / share) * 100).toFixed(1)}%`).join(', ')})`;
}

export function BarGauge({ values, displayMode = 'gradient', orientation = 'horizontal' }: Props) {
  if (values.length === 0) return <div class="panel-empty">No data</div>;
  const vertical = orientation === 'vertical';
  const dataMax = Math.max(0, ...values.map((v) => v.value).filter(Number.isFinite));
  return (
    <div class={`bar-gauge ${vertical ? 'vertical' : 'horizontal'}`}>
      {values.map((v) => {
        const share = Number.isFinite(v.value) ? shareOf(v.field, v.value, dataMax) : 0;
        return (
          <div class="bar-gauge-item" key={v.name} data-name={v.name} data-value={v.value} data-color={v.color} data-share={share.toFixed(4)}>
            <span class="bar-gauge-name" title={v.name}>{v.name}</span>
            <div class="bar-gauge-track">
              <div class="bar-gauge-fill" style={{ [vertical ? 'height' : 'width']: `${share * 100}%`, background: fill(v, dataMax, displayMode === 'gradient', vertical) }} />
            </div>
            <span class="bar-gauge-value" style={{ color: v.color }}>{v.text}</span>
          </div>
        );
      })}
    </div>
  );
}
