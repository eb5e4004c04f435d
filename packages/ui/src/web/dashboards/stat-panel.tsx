// Grafana's stat panel: each value large, coloured as colorMode says (the value's text, the box's background, or
// neither) by its field's colour (thresholds unless the field says otherwise), its name beneath when several.
import type { ShownValue } from './field-config.js';
import { formatValue } from './format-value.js';

interface Props { values: ShownValue[]; colorMode?: string; textMode?: string }

export function StatPanel({ values, colorMode = 'value', textMode = 'auto' }: Props) {
  if (values.length === 0) return <div class="panel-empty">No data</div>;
  const background = colorMode === 'background' || colorMode === 'background_solid';
  const showName = textMode === 'value_and_name' || textMode === 'name' || (textMode === 'auto' && values.length > 1);
  return (
    <div class="stat-panel">
      {values.map((v) => (
        <div class="stat" key={v.name} data-name={v.name} data-value={v.value} data-color={colorMode === 'none' ? '' : v.color}
          style={background ? { background: v.color } : undefined}>
          {textMode !== 'name' && textMode !== 'none' && (
            <span class="stat-value" style={{ color: background ? '#fff' : colorMode === 'none' ? 'var(--text)' : v.color }}>
              {formatValue(v.value, v.field.unit, v.field.decimals)}
            </span>
          )}
          {showName && <span class="stat-name">{v.name}</span>}
        </div>
      ))}
    </div>
  );
}
