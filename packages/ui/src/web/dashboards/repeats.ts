// Grafana's repeated panels and rows: one copy per value selected in the variable named by `repeat` (every option
// for All), each copy seeing that one value (its queries and title interpolated with it). Copies exist only on the
// page: the dashboard's JSON keeps the original alone, as Grafana saves and exports it.
import { COLUMNS, overlap, posOf } from './grid-pos.js';
import type { Panel, VariableOption } from './model.js';
import { ALL, type VariableValues } from './variables.js';

/** Grafana's maxPerRow when a horizontal repeat sets none */
const DEFAULT_MAX_PER_ROW = 4;

/** A panel as the page shows it: the original or a copy, with the variable values it sees. */
export interface ShownPanel {
  panel: Panel;
  values: VariableValues;
  /** unique on the page: the panel's id, and for a copy the value it repeats */
  key: string;
  /** a repeat's copy past the first: not edited, moved or viewed on its own (Grafana's are read-only too) */
  copy: boolean;
}

/** The single values variable `name` repeats over: those selected, every option's for All; none when it is unknown. */
export function repeatValues(name: string, values: VariableValues, options: ReadonlyMap<string, VariableOption[]>): string[] {
  const selected = values.get(name);
  if (!selected) return [];
  if (selected.includes(ALL)) return (options.get(name) ?? []).map((o) => o.value).filter((v) => v !== ALL);
  return selected;
}

/** The panel's values with its repeat variable set to `value`. */
const scoped = (values: VariableValues, name: string, value: string): VariableValues => new Map(values).set(name, [value]);

/**
 * A repeated panel's copies placed as Grafana places them: 'v' stacked under the original; 'h' (the default) side by
 * side from the left edge, each 24 / min(maxPerRow, copies) columns wide (rounded down: the grid has whole columns),
 * wrapping onto a new line when the next would pass the right edge.
 */
function copiesOf(p: Panel, values: VariableValues, list: string[], key: string): ShownPanel[] {
  const g = posOf(p);
  const perRow = Math.max(1, Math.min(p.maxPerRow || DEFAULT_MAX_PER_ROW, list.length));
  const w = p.repeatDirection === 'v' ? g.w : Math.max(1, Math.floor(COLUMNS / perRow));
  return list.map((value, i) => {
    const pos = p.repeatDirection === 'v'
      ? { ...g, y: g.y + i * g.h }
      : { ...g, w, x: (i % perRow) * w, y: g.y + Math.floor(i / perRow) * g.h };
    return { panel: { ...p, gridPos: pos }, values: scoped(values, p.repeat!, value), key: `${key}/${value}`, copy: i > 0 };
  });
}

/**
 * A section's panels with each repeated panel's copies in its place; a panel the copies would cover moves down
 * until it is clear, as Grafana's grid pushes it.
 */
export function repeatPanels(panels: readonly Panel[], values: VariableValues, options: ReadonlyMap<string, VariableOption[]>, row: { key: string; copy: boolean }): ShownPanel[] {
  const byPosition = [...panels].sort((a, b) => posOf(a).y - posOf(b).y || posOf(a).x - posOf(b).x);
  const placed: ShownPanel[] = [];
  for (const p of byPosition) {
    const key = `${row.key}:${p.id ?? `${posOf(p).x},${posOf(p).y}`}`;
    const list = p.repeat ? repeatValues(p.repeat, values, options) : [];
    const group = (list.length > 0 ? copiesOf(p, values, list, key) : [{ panel: p, values, key, copy: false }]).map((s) => (row.copy ? { ...s, copy: true } : s));
    // the group moves down as one until none of it covers a panel placed before
    let dy = 0;
    while (group.some((s) => placed.some((q) => overlap({ ...posOf(s.panel), y: posOf(s.panel).y + dy }, posOf(q.panel))))) dy++;
    placed.push(...group.map((s) => (dy === 0 ? s : { ...s, panel: { ...s.panel, gridPos: { ...posOf(s.panel), y: posOf(s.panel).y + dy } } })));
  }
  return placed;
}

/** A row as the page shows it: the original or a repeat's copy (whose panels are copies too), its panels seeing the row's value. */
export interface ShownRow { row: Panel; values: VariableValues; key: string; copy: boolean }

/** A repeated row's copies, one per value, each titled and scoped with it; any other row as it is. */
export function repeatRow(row: Panel, values: VariableValues, options: ReadonlyMap<string, VariableOption[]>): ShownRow[] {
  const key = String(row.id ?? row.title);
  const list = row.repeat ? repeatValues(row.repeat, values, options) : [];
  if (list.length === 0) return [{ row, values, key, copy: false }];
  return list.map((value, i) => ({ row, values: scoped(values, row.repeat!, value), key: `${key}/${value}`, copy: i > 0 }));
}
