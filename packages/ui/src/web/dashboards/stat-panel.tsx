// Grafana's stat panel: each value large, coloured as colorMode says (the value's text, the box's background, or
// neither) by its field's colour (thresholds unless the field says otherwise), its name beneath when several, and
// with graphMode 'area' (Grafana's default) the series as a sparkline behind it.
import type { ShownValue } from './field-config.js';

interface Props {
  values: ShownValue[];
  /** each value's series, drawn as its sparkline when it has two samples or more */
  series: number[][];
  colorMode?: string;
  textMode?: string;
  graphMode?: string;
}

/** The series as an area path in a 100x30 box, from its lowest to its highest value (a flat one halfway up). */
function sparkline(values: number[]): string {
  const min = Math.min(...values);
  const span = Math.max(...values) - min;
  const y = (v: number): number => (span === 0 ? 15 : 30 - ((v - min) / span) * 28);
  const points = values.map((v, i) => `${((i / (values.length - 1)) * 100).toFixed(2)},${y(v).toFixed(2)}`);
  return `M0,30 L${points.join(' L')} L100,30 Z`;
}

export function StatPanel({ values, series, colorMode = 'value', textMode = 'auto', graphMode = 'area' }: Props) {
  if (values.length === 0) return <div class="panel-empty">No data</div>;
  const background = colorMode === 'background' || colorMode === 'background_solid';
  const showName = textMode === 'value_and_name' || textMode === 'name' || (textMode === 'auto' && values.length > 1);
  return (
    <div class="stat-panel">
      {values.map((v, i) => (
        <div class="stat" key={v.name} data-name={v.name} data-value={v.value} data-color={colorMode === 'none' ? '' : v.color}
          style={background ? { background: v.color } : undefined}>
          {graphMode === 'area' && (series[i]?.length ?? 0) > 1 && (
            <svg class="stat-sparkline" viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true">
              <path d={sparkline(series[i]!)} fill={background ? 'rgba(255, 255, 255, 0.25)' : v.color} fill-opacity={background ? 1 : 0.25} stroke={background ? '#fff' : v.color} stroke-width="1" vector-effect="non-scaling-stroke" />
            </svg>
          )}
          {textMode !== 'name' && textMode !== 'none' && (
            <span class="stat-value" style={{ color: background ? '#fff' : colorMode === 'none' ? 'var(--text)' : v.color }}>
              {v.text}
            </span>
          )}
          {showName && <span class="stat-name">{v.name}</span>}
        </div>
      ))}
    </div>
  );
}
