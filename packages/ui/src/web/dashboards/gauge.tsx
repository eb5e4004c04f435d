// Grafana's gauge panel: per value an arc of 240° from min to max, filled to the value in its colour, the threshold
// steps as a thin outer ring (showThresholdMarkers, on by default), and the value in the middle.
import { shareOf, thresholdSteps, type ShownValue } from './field-config.js';

interface Props { values: ShownValue[]; showThresholdMarkers?: boolean }

const START = -120;
const SWEEP = 240;

function arc(r: number, fromShare: number, toShare: number): string {
  const at = (share: number): string => {
    const a = ((START + SWEEP * share) * Math.PI) / 180;
    return `${100 + r * Math.sin(a)} ${100 - r * Math.cos(a)}`;
  };
  const large = SWEEP * (toShare - fromShare) > 180 ? 1 : 0;
  return `M ${at(fromShare)} A ${r} ${r} 0 ${large} 1 ${at(toShare)}`;
}

function OneGauge({ v, dataMax, markers, named }: { v: ShownValue; dataMax: number; markers: boolean; named: boolean }) {
  const share = Number.isFinite(v.value) ? shareOf(v.field, v.value, dataMax) : 0;
  const steps = thresholdSteps(v.field, dataMax);
  const bands = steps.map((s, i) => ({
    color: s.color,
    from: i === 0 ? 0 : shareOf(v.field, s.from, dataMax),
    to: i + 1 < steps.length ? shareOf(v.field, steps[i + 1]!.from, dataMax) : 1,
  })).filter((b) => b.to > b.from);
  return (
    <div class="gauge" data-name={v.name} data-value={v.value} data-color={v.color} data-share={share.toFixed(4)}>
      <svg viewBox="0 5 200 155" role="img" aria-label={`gauge ${v.name}`}>
        <path d={arc(72, 0, 1)} stroke="#2c3235" stroke-width="18" fill="none" />
        {share > 0 && <path class="gauge-fill" d={arc(72, 0, share)} stroke={v.color} stroke-width="18" fill="none" />}
        {markers && bands.map((b) => <path key={b.from} d={arc(88, b.from, b.to)} stroke={b.color} stroke-width="5" fill="none" />)}
        <text x="100" y="112" text-anchor="middle" fill={v.color} font-size="30" font-weight="500">{v.text}</text>
      </svg>
      {named && <span class="gauge-name">{v.name}</span>}
    </div>
  );
}

export function Gauge({ values, showThresholdMarkers = true }: Props) {
  if (values.length === 0) return <div class="panel-empty">No data</div>;
  const dataMax = Math.max(0, ...values.map((v) => v.value).filter(Number.isFinite));
  return (
    <div class="gauge-panel">
      {values.map((v) => <OneGauge key={v.name} v={v} dataMax={dataMax} markers={showThresholdMarkers} named={values.length > 1} />)}
    </div>
  );
}
