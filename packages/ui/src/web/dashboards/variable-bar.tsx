// The dashboard's variables above its panels, as Grafana's submenu: a label and a picker each (hidden ones not shown).
import { ALL } from './variables.js';
import type { Variable, VariableOption } from './model.js';

interface Props {
  variables: readonly Variable[];
  options: ReadonlyMap<string, VariableOption[]>;
  values: ReadonlyMap<string, string[]>;
  onChange(name: string, values: string[]): void;
  /** the variables' options are being refreshed: their values are shown, not yet to be changed */
  refreshing?: boolean;
}

function Picker({ v, options, selected, onChange, refreshing }: { v: Variable; options: VariableOption[]; selected: string[]; onChange(values: string[]): void; refreshing?: boolean }) {
  const id = `var-${v.name}`;
  if (v.type === 'textbox') {
    return <input id={id} value={selected[0] ?? ''} disabled={refreshing} onChange={(e) => onChange([e.currentTarget.value])} />;
  }
  return (
    <select id={id} multiple={v.multi} disabled={refreshing} onChange={(e) => onChange([...e.currentTarget.selectedOptions].map((o) => o.value))}>
      {options.map((o) => <option key={o.value} value={o.value} selected={selected.includes(o.value)}>{o.value === ALL ? 'All' : o.text}</option>)}
    </select>
  );
}

export function VariableBar(props: Props) {
  const shown = props.variables.filter((v) => v.hide !== 2 && v.type !== 'constant');
  if (shown.length === 0) return null;
  return (
    <div class="variable-bar">
      {shown.map((v) => (
        <div class="variable" key={v.name}>
          {v.hide !== 1 && <label for={`var-${v.name}`}>{v.label || v.name}</label>}
          <Picker v={v} options={props.options.get(v.name) ?? []} selected={props.values.get(v.name) ?? []}
            refreshing={props.refreshing} onChange={(values) => props.onChange(v.name, values)} />
        </div>
      ))}
    </div>
  );
}
